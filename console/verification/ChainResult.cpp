#include "console/verification/ChainResult.h"

#include "common/receipts/ChainVerificationReport.h"

#include <QJsonValue>

namespace aegis::console {

namespace {

std::optional<qint64> integer(const QJsonValue &value)
{
    if (!value.isDouble())
        return std::nullopt;
    return qint64(value.toDouble());
}

} // namespace

std::optional<ChainResult> ChainResult::fromJson(const QJsonObject &answer, QString *error)
{
    if (!answer.value(QStringLiteral("tenants")).isObject() || !answer.value(QStringLiteral("verified")).isBool()) {
        if (error)
            *error = QStringLiteral("the answer has no \"verified\" and \"tenants\"");
        return std::nullopt;
    }
    ChainResult result;
    result.m_cancelled = answer.value(QStringLiteral("cancelled")).toBool();
    result.m_error = answer.value(QStringLiteral("error")).toString();
    const QJsonObject tenants = answer.value(QStringLiteral("tenants")).toObject();
    for (auto it = tenants.begin(); it != tenants.end(); ++it) {
        const QJsonObject object = it.value().toObject();
        Tenant tenant;
        tenant.id = it.key();
        tenant.verified = object.value(QStringLiteral("verified")).toBool(true);
        tenant.count = integer(object.value(QStringLiteral("count"))).value_or(0);
        tenant.headHash = object.value(QStringLiteral("head")).toString();
        tenant.headSeq = integer(object.value(QStringLiteral("head_seq")));
        const QJsonObject failure = object.value(QStringLiteral("first_failure")).toObject();
        if (!failure.isEmpty()) {
            Failure f;
            f.kind = failure.value(QStringLiteral("kind")).toString();
            f.index = integer(failure.value(QStringLiteral("index"))).value_or(0);
            f.seq = integer(failure.value(QStringLiteral("seq")));
            f.receiptId = failure.value(QStringLiteral("receipt_id")).toString();
            f.expected = failure.value(QStringLiteral("expected")).toString();
            f.actual = failure.value(QStringLiteral("actual")).toString();
            tenant.failure = f;
            tenant.verified = false;
        } else if (!tenant.verified) {
            // "verified": false without a failure: say so rather than guess.
            Failure f;
            f.kind = QStringLiteral("unknown");
            tenant.failure = f;
        }
        result.m_count += tenant.count;
        result.m_tenants.push_back(tenant);
    }
    return result;
}

ChainResult ChainResult::fromReport(const ChainVerificationReport &report)
{
    ChainResult result = *fromJson(report.toJson());
    for (Tenant &tenant : result.m_tenants) {
        const auto it = report.tenants().find(tenant.id);
        if (it != report.tenants().end() && it->second.headSeq)
            tenant.headSeq = it->second.headSeq;
    }
    return result;
}

ChainResult::Verdict ChainResult::verdict() const
{
    if (firstFailing())
        return Verdict::Broken;
    if (m_cancelled)
        return Verdict::Cancelled;
    if (m_count == 0)
        return Verdict::Empty;
    return Verdict::Intact;
}

const ChainResult::Tenant *ChainResult::tenant(const QString &id) const
{
    for (const Tenant &t : m_tenants) {
        if (t.id == id)
            return &t;
    }
    return nullptr;
}

const ChainResult::Tenant *ChainResult::firstFailing() const
{
    for (const Tenant &t : m_tenants) {
        if (t.failure)
            return &t;
    }
    return nullptr;
}

void ChainResult::setHeadSeq(const QString &tenantId, qint64 seq)
{
    for (Tenant &t : m_tenants) {
        if (t.id == tenantId && !t.headSeq)
            t.headSeq = seq;
    }
}

QJsonObject ChainResult::toJson() const
{
    QJsonObject tenants;
    for (const Tenant &t : m_tenants) {
        QJsonObject object{{QStringLiteral("verified"), t.verified && !t.failure},
            {QStringLiteral("count"), t.count},
            {QStringLiteral("head"), t.headHash.isEmpty() ? QJsonValue() : QJsonValue(t.headHash)}};
        if (t.headSeq)
            object.insert(QStringLiteral("head_seq"), *t.headSeq);
        if (t.failure) {
            object.insert(QStringLiteral("first_failure"),
                QJsonObject{{QStringLiteral("kind"), t.failure->kind}, {QStringLiteral("index"), t.failure->index},
                    {QStringLiteral("seq"), t.failure->seq ? QJsonValue(*t.failure->seq) : QJsonValue()},
                    {QStringLiteral("receipt_id"), t.failure->receiptId.isEmpty() ? QJsonValue() : QJsonValue(t.failure->receiptId)},
                    {QStringLiteral("expected"), t.failure->expected}, {QStringLiteral("actual"), t.failure->actual}});
        } else {
            object.insert(QStringLiteral("first_failure"), QJsonValue());
        }
        tenants.insert(t.id, object);
    }
    QJsonObject out{{QStringLiteral("verified"), verdict() == Verdict::Intact || verdict() == Verdict::Empty},
        {QStringLiteral("count"), m_count}, {QStringLiteral("tenants"), tenants}};
    if (!m_error.isEmpty())
        out.insert(QStringLiteral("error"), m_error);
    if (m_cancelled)
        out.insert(QStringLiteral("cancelled"), true);
    return out;
}

} // namespace aegis::console
