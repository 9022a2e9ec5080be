#include "common/restore/CountCheck.h"

namespace aegis {

CountCheck::Verdict CountCheck::verdictOf(qint64 served, qint64 expected)
{
    if (served == expected)
        return Verdict::Match;
    return served > expected ? Verdict::Extends : Verdict::Short;
}

QString CountCheck::whatId(What what)
{
    switch (what) {
    case What::Agents:
        return QStringLiteral("agents");
    case What::Decisions:
        return QStringLiteral("decisions");
    case What::Receipts:
        break;
    }
    return QStringLiteral("receipts");
}

std::optional<CountCheck::What> CountCheck::whatFromId(const QString &id)
{
    for (What candidate : {What::Agents, What::Decisions, What::Receipts}) {
        if (whatId(candidate) == id)
            return candidate;
    }
    return std::nullopt;
}

QString CountCheck::verdictId(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Match:
        return QStringLiteral("match");
    case Verdict::Extends:
        return QStringLiteral("extends");
    case Verdict::Short:
        break;
    }
    return QStringLiteral("short");
}

QString CountCheck::describe() const
{
    switch (verdict()) {
    case Verdict::Match:
        return QStringLiteral("match");
    case Verdict::Extends:
        return QStringLiteral("extends by %1").arg(served - expected);
    case Verdict::Short:
        break;
    }
    return QStringLiteral("short by %1").arg(expected - served);
}

QJsonObject CountCheck::toJson() const
{
    return {{QStringLiteral("served"), served},
            {QStringLiteral("expected"), expected},
            {QStringLiteral("verdict"), describe()},
            {QStringLiteral("outcome"), verdictId(verdict())}};
}

std::optional<CountCheck> CountCheck::fromJson(What what, const QJsonObject &object)
{
    if (!object.contains(QStringLiteral("served")) || !object.contains(QStringLiteral("expected")))
        return std::nullopt;
    CountCheck out;
    out.what = what;
    out.served = object.value(QStringLiteral("served")).toInteger();
    out.expected = object.value(QStringLiteral("expected")).toInteger();
    return out;
}

} // namespace aegis
