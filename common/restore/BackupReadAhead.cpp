#include "common/restore/BackupReadAhead.h"

#include <chrono>

namespace aegis {

namespace {

constexpr auto ProgressInterval = std::chrono::milliseconds(100);

} // namespace

BackupReadAhead::BackupReadAhead(FileOperations &files, const QString &backupPath, const ExpectedHeads &expectedHeads,
                                 std::function<bool()> cancelled)
{
    // A result no check took (its check was not reached, or the preflight
    // ended early) is not waited for to the end.
    cancelled = [this, cancelled = std::move(cancelled)] { return m_abandoned || (cancelled && cancelled()); };
    m_sha256 = std::async(std::launch::async, [this, &files, backupPath, cancelled] {
        return files.hashCachedFile(
            backupPath,
            [this](qint64 done, qint64 total) {
                m_hashedBytes = done;
                m_totalBytes = total;
            },
            cancelled);
    });
    DatabaseChainVerifier::Options options;
    options.expectedHeads = expectedHeads;
    options.cancelled = cancelled;
    options.progress = [this](qint64 done) { m_verifiedReceipts = done; };
    m_chains = std::async(std::launch::async, [options, backupPath] {
        Chains out;
        out.report = DatabaseChainVerifier(options).verifyFile(backupPath, &out.error);
        return out;
    });
}

BackupReadAhead::~BackupReadAhead()
{
    m_abandoned = true;
    if (m_sha256.valid())
        m_sha256.wait();
    if (m_chains.valid())
        m_chains.wait();
}

template<typename T>
T BackupReadAhead::waitFor(std::future<T> &future, const std::function<void()> &report)
{
    while (future.wait_for(ProgressInterval) != std::future_status::ready)
        report();
    report();
    return future.get();
}

Sha256::FileResult BackupReadAhead::sha256(const std::function<void(qint64 done, qint64 total)> &progress)
{
    return waitFor(m_sha256, [this, &progress] {
        if (progress)
            progress(m_hashedBytes, m_totalBytes);
    });
}

std::optional<ChainVerificationReport> BackupReadAhead::chains(const std::function<void(qint64 receipts)> &progress,
                                                               QString *error)
{
    Chains out = waitFor(m_chains, [this, &progress] {
        if (progress)
            progress(m_verifiedReceipts);
    });
    if (error)
        *error = out.error;
    return std::move(out.report);
}

} // namespace aegis
