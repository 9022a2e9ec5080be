#pragma once

#include "common/crypto/Sha256.h"
#include "common/receipts/ChainVerificationReport.h"
#include "common/receipts/DatabaseChainVerifier.h"
#include "common/restore/FileOperations.h"

#include <QString>

#include <atomic>
#include <functional>
#include <future>
#include <optional>

namespace aegis {

// The two long reads of a backup that depend on nothing but the file and
// its manifest, its sha256 and its chain verification, started together
// when the preflight begins, so that they run beside its integrity check
// instead of after it. In turn the three were most of a restore
// (bench/restore.sh). The checks take the results in their own order;
// whoever waits gets the progress on its own thread, so observers are
// never called from another one.
class BackupReadAhead
{
public:
    // cancelled must be safe to call from any thread (the engines' atomics).
    BackupReadAhead(FileOperations &files, const QString &backupPath, const ExpectedHeads &expectedHeads,
                    std::function<bool()> cancelled);
    ~BackupReadAhead(); // stops and waits for whatever still runs
    BackupReadAhead(const BackupReadAhead &) = delete;
    BackupReadAhead &operator=(const BackupReadAhead &) = delete;

    // Each waits for its result; progress is called while it does.
    Sha256::FileResult sha256(const std::function<void(qint64 done, qint64 total)> &progress);
    std::optional<ChainVerificationReport> chains(const std::function<void(qint64 receipts)> &progress,
                                                  QString *error);

private:
    struct Chains
    {
        std::optional<ChainVerificationReport> report;
        QString error;
    };

    template<typename T>
    static T waitFor(std::future<T> &future, const std::function<void()> &report);

    std::atomic_bool m_abandoned{false}; // set by the destructor: stop reading
    std::atomic<qint64> m_hashedBytes{0};
    std::atomic<qint64> m_totalBytes{-1};
    std::atomic<qint64> m_verifiedReceipts{0};
    std::future<Sha256::FileResult> m_sha256;
    std::future<Chains> m_chains;
};

} // namespace aegis
