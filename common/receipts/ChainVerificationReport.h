#pragma once

#include "common/receipts/ExpectedHead.h"
#include "common/receipts/TenantChainResult.h"

#include <QJsonObject>
#include <QString>

#include <map>
#include <optional>
#include <utility>

namespace aegis {

// The answer of a chain verification over one or more tenants, in the
// shape of POST /v1/receipts/verify-chain (API.md).
class ChainVerificationReport
{
public:
    void setTenant(const QString &tenantId, const TenantChainResult &result);
    const std::map<QString, TenantChainResult> &tenants() const { return m_tenants; }

    // Receipts read, over all tenants.
    qint64 count() const;
    // Nothing was read: "verified" trivially, which proves nothing. Every
    // caller must show this as its own state, never as a green result.
    bool isEmpty() const { return count() == 0; }
    // No failure in any tenant and not cancelled (true for an empty report).
    bool verified() const;

    // The run stopped early: the report covers only what was read.
    void setCancelled(bool cancelled) { m_cancelled = cancelled; }
    bool isCancelled() const { return m_cancelled; }

    // Shown in "error" for an empty report: "no receipts given" for a list,
    // "no receipts found" for a database.
    void setEmptyMessage(const QString &message) { m_emptyMessage = message; }

    // The failure of the first failing tenant (tenants in id order).
    std::optional<std::pair<QString, ChainFailure>> firstFailure() const;
    // The "error" text: the first failure's summary, the empty message, the
    // cancellation; empty when verified with receipts.
    QString errorText() const;

    // {"verified","count","error"?,"tenants":{...}}; with "cancelled":true
    // added only for a cancelled run.
    QJsonObject toJson() const;

    // Per tenant count and head, in the manifest's form.
    ExpectedHeads heads() const;

private:
    std::map<QString, TenantChainResult> m_tenants;
    bool m_cancelled = false;
    QString m_emptyMessage = QStringLiteral("no receipts given");
};

} // namespace aegis
