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
            // An unknown kind leaves failure unset; the tenant still fails.
            tenant.failure = ChainFailure::fromJson(failure);
            tenant.verified = false;
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
        if (it == report.tenants().end())
            continue;
        if (it->second.headSeq)
            tenant.headSeq = it->second.headSeq;
        tenant.failure = it->second.firstFailure; // typed as it was, with its message

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
        if (t.failed())
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
        QJsonObject object{{QStringLiteral("verified"), !t.failed()},
            {QStringLiteral("count"), t.count},
            {QStringLiteral("head"), t.headHash.isEmpty() ? QJsonValue() : QJsonValue(t.headHash)}};
        if (t.headSeq)
            object.insert(QStringLiteral("head_seq"), *t.headSeq);
        object.insert(QStringLiteral("first_failure"), t.failure ? QJsonValue(t.failure->toJson()) : QJsonValue());
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
