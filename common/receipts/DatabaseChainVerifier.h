#pragma once

#include "common/receipts/ChainVerificationReport.h"
#include "common/receipts/ExpectedHead.h"
#include "common/receipts/ReceiptCheck.h"
#include "common/receipts/SignatureCheckPool.h"
#include "common/receipts/TenantChainReader.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace aegis {

// Verifies the receipts table of a database, each tenant's chain in seq
// order, streaming with a forward-only query: memory does not grow with the
// chain. Each tenant's chain is checked from its genesis (RECEIPTS.md,
// "Verifying a database"). Chains are independent, so with more than one
// they are verified in parallel, on at most one worker per core, each with
// a read-only connection of its own; the report is the same as in turn
// (tenants in id order). With onReceipt set they go in turn, so that rows
// come in tenant order. Signed receipts have their signatures checked too,
// on a thread per core (SignatureCheckPool); a bad one is bad_signature.
// docs/design/verifier.md says where the time goes.
class DatabaseChainVerifier
{
public:
    struct Options
    {
        // Only this tenant (empty: every tenant in the receipts table, the
        // tenants table and the expected heads).
        QString tenantId;
        // RFC 3339, inclusive, on ts. A range that does not start at seq 1
        // is verified as a slice; expected heads apply only without a range.
        QString from;
        QString to;
        // From a backup manifest: adds truncated (fewer receipts than count,
        // or the tenant missing) and diverged (another hash at head.seq).
        ExpectedHeads expectedHeads;
        // Receipts done so far, over all tenants.
        std::function<void(qint64)> progress;
        // Polled every few hundred receipts; true stops the run, and the
        // report comes back marked cancelled.
        std::function<bool()> cancelled;
        ReceiptCallback onReceipt;
    };

    explicit DatabaseChainVerifier(Options options = {});

    // Opens path itself, read-only, without creating -wal/-shm files beside
    // it and without changing a byte of it (a backup in a read-only
    // directory stays as it was). nullopt with *error for a missing or
    // unreadable file, a file that is not a SQLite database, or a database
    // without a receipts table.
    std::optional<ChainVerificationReport> verifyFile(const QString &path, QString *error = nullptr) const;
    // Uses an open connection of the calling thread (the gateway's own, for
    // verify-range on the live database).
    std::optional<ChainVerificationReport> verify(const QSqlDatabase &db, QString *error = nullptr) const;

private:
    static constexpr int MaxWorkers = 8;

    struct TenantJob
    {
        QString tenantId;
        ChainVerifier::Options options;
        bool started = false;
        TenantChainResult result;
    };
    struct Run
    {
        bool cancelled = false;
    };

    // workerUri: how a worker opens the same database (empty: no workers).
    std::optional<ChainVerificationReport> verify(const QSqlDatabase &db, const QString &workerUri,
        QString *error) const;
    static int workerCount(size_t chains);
    std::optional<Run> verifyInTurn(sqlite3 *handle, const TenantChainReader::Range &range,
        SignatureCheckPool &signatures, std::vector<TenantJob> &jobs, QString *error) const;
    std::optional<Run> verifyInParallel(const QString &uri, const TenantChainReader::Range &range,
        SignatureCheckPool &signatures, std::vector<TenantJob> &jobs, QString *error) const;

    Options m_options;
};

} // namespace aegis
