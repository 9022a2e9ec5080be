#include "common/receipts/ChainVerificationReport.h"

namespace aegis {

void ChainVerificationReport::setTenant(const QString &tenantId, const TenantChainResult &result)
{
    m_tenants[tenantId] = result;
}

qint64 ChainVerificationReport::count() const
{
    qint64 total = 0;
    for (const auto &entry : m_tenants)
        total += entry.second.count;
    return total;
}

bool ChainVerificationReport::verified() const
{
    return !m_cancelled && !firstFailure();
}

std::optional<std::pair<QString, ChainFailure>> ChainVerificationReport::firstFailure() const
{
    for (const auto &[tenant, result] : m_tenants) {
        if (result.firstFailure)
            return std::make_pair(tenant, *result.firstFailure);
    }
    return std::nullopt;
}

QString ChainVerificationReport::errorText() const
{
    if (const auto failure = firstFailure()) {
        QString text = failure->second.summary();
        if (m_tenants.size() > 1)
            text += QStringLiteral(" in tenant ") + failure->first;
        return text;
    }
    if (m_cancelled)
        return QStringLiteral("verification cancelled after %1 receipt(s)").arg(count());
    if (isEmpty())
        return m_emptyMessage;
    return QString();
}

QJsonObject ChainVerificationReport::toJson() const
{
    QJsonObject out;
    out.insert(QStringLiteral("verified"), verified());
    out.insert(QStringLiteral("count"), count());
    const QString error = errorText();
    if (!error.isEmpty())
        out.insert(QStringLiteral("error"), error);
    if (m_cancelled)
        out.insert(QStringLiteral("cancelled"), true);
    QJsonObject tenants;
    for (const auto &[tenant, result] : m_tenants)
        tenants.insert(tenant, result.toJson());
    out.insert(QStringLiteral("tenants"), tenants);
    return out;
}

ExpectedHeads ChainVerificationReport::heads() const
{
    ExpectedHeads out;
    for (const auto &[tenant, result] : m_tenants) {
        ExpectedHead head;
        head.count = result.count;
        if (result.count > 0 && result.headHash) {
            head.seq = result.headSeq ? *result.headSeq : result.count;
            head.receiptHash = *result.headHash;
            head.receiptId = result.headReceiptId;
        }
        out.emplace(tenant, head);
    }
    return out;
}

} // namespace aegis
