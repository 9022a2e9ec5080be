#include "common/restore/ServedChain.h"

namespace aegis {

namespace {

constexpr ServedChain::Verdict AllVerdicts[] = {
    ServedChain::Verdict::Empty,     ServedChain::Verdict::ExtendsEmpty, ServedChain::Verdict::MatchesHead,
    ServedChain::Verdict::ExtendsHead, ServedChain::Verdict::Missing,    ServedChain::Verdict::Broken,
    ServedChain::Verdict::Truncated, ServedChain::Verdict::Diverged,     ServedChain::Verdict::Unknown,
};

} // namespace

bool ServedChain::isOk(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Empty:
    case Verdict::ExtendsEmpty:
    case Verdict::MatchesHead:
    case Verdict::ExtendsHead:
        return true;
    case Verdict::Missing:
    case Verdict::Broken:
    case Verdict::Truncated:
    case Verdict::Diverged:
    case Verdict::Unknown:
        break;
    }
    return false;
}

QString ServedChain::verdictId(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Empty:
        return QStringLiteral("empty");
    case Verdict::ExtendsEmpty:
        return QStringLiteral("extends_empty");
    case Verdict::MatchesHead:
        return QStringLiteral("matches_head");
    case Verdict::ExtendsHead:
        return QStringLiteral("extends_head");
    case Verdict::Missing:
        return QStringLiteral("missing");
    case Verdict::Broken:
        return QStringLiteral("broken");
    case Verdict::Truncated:
        return QStringLiteral("truncated");
    case Verdict::Diverged:
        return QStringLiteral("diverged");
    case Verdict::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

std::optional<ServedChain::Verdict> ServedChain::verdictFromId(const QString &id)
{
    for (Verdict candidate : AllVerdicts) {
        if (verdictId(candidate) == id)
            return candidate;
    }
    return std::nullopt;
}

QString ServedChain::describe() const
{
    switch (verdict) {
    case Verdict::Empty:
        return QStringLiteral("empty, as in the backup");
    case Verdict::ExtendsEmpty:
        return QStringLiteral("extends the backup's empty chain by %1").arg(count);
    case Verdict::MatchesHead:
        return QStringLiteral("head equals the manifest head");
    case Verdict::ExtendsHead:
        return QStringLiteral("extends the manifest head by %1").arg(extension());
    case Verdict::Missing:
        return QStringLiteral("missing");
    case Verdict::Broken:
        return QStringLiteral("broken");
    case Verdict::Truncated:
        return QStringLiteral("truncated");
    case Verdict::Diverged:
        return QStringLiteral("diverged");
    case Verdict::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QJsonObject ServedChain::toJson() const
{
    return {{QStringLiteral("count"), count},
            {QStringLiteral("head"), head},
            {QStringLiteral("expected_count"), expectedCount},
            {QStringLiteral("expected_head"), expectedHead},
            {QStringLiteral("verified"), verified},
            {QStringLiteral("verdict"), describe()},
            {QStringLiteral("outcome"), verdictId(verdict)}};
}

ServedChain ServedChain::fromJson(const QString &tenant, const QJsonObject &object)
{
    ServedChain out;
    out.tenant = tenant;
    out.count = object.value(QStringLiteral("count")).toInteger();
    out.head = object.value(QStringLiteral("head")).toString();
    out.expectedCount = object.value(QStringLiteral("expected_count")).toInteger();
    out.expectedHead = object.value(QStringLiteral("expected_head")).toString();
    out.verified = object.value(QStringLiteral("verified")).toBool();
    if (const auto verdict = verdictFromId(object.value(QStringLiteral("outcome")).toString())) {
        out.verdict = *verdict;
    } else if (out.expectedCount == 0 && out.verified) {
        // A journal written before the outcome was stored: the numbers
        // decide what they can; the rest stays unknown (never green).
        out.verdict = out.count == 0 ? Verdict::Empty : Verdict::ExtendsEmpty;
    } else if (out.verified && out.count == out.expectedCount && out.head == out.expectedHead) {
        out.verdict = Verdict::MatchesHead;
    }
    return out;
}

} // namespace aegis
