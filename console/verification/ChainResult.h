#pragma once

#include "common/receipts/ChainFailure.h"

#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace aegis {
class ChainVerificationReport;
}

namespace aegis::console {

// A chain verification's verdict as the console shows it, whoever produced
// it: the gateway (verify-range, a backup's verify) or the console's own
// verifier (a file, a downloaded backup, an export). Read from the
// verify-chain answer shape (API.md), so that both go through one path.
class ChainResult
{
public:
    struct Tenant
    {
        QString id;
        bool verified = true;
        qint64 count = 0;
        QString headHash;
        std::optional<qint64> headSeq;
        // The first failure, typed as the verifier gave it. A tenant can
        // fail without one ("verified": false and no first_failure, or a
        // kind this console does not know): failed() is then still true.
        std::optional<ChainFailure> failure;

        bool failed() const { return !verified || failure.has_value(); }
        // Nothing to verify: never a green result.
        bool isEmpty() const { return count == 0 && !failed(); }
    };

    enum class Verdict
    {
        Intact,   // every chain verified, and there were receipts
        Broken,   // at least one chain failed
        Empty,    // no receipts at all: nothing was proven
        Cancelled // stopped early; what was read is not a verdict
    };

    static std::optional<ChainResult> fromJson(const QJsonObject &answer, QString *error = nullptr);
    static ChainResult fromReport(const ChainVerificationReport &report);

    Verdict verdict() const;
    qint64 count() const { return m_count; }
    bool isCancelled() const { return m_cancelled; }
    QString errorText() const { return m_error; }
    const std::vector<Tenant> &tenants() const { return m_tenants; }
    const Tenant *tenant(const QString &id) const;
    // The first tenant (in id order) with a failure.
    const Tenant *firstFailing() const;

    // The verify-chain shape, with each tenant's head_seq when known.
    QJsonObject toJson() const;

    // Head seqs the answer did not carry, from elsewhere (a table's last row).
    void setHeadSeq(const QString &tenantId, qint64 seq);

private:
    std::vector<Tenant> m_tenants;
    qint64 m_count = 0;
    bool m_cancelled = false;
    QString m_error;
};

} // namespace aegis::console
