#pragma once

#include "common/restore/FileOperations.h"

#include <atomic>

namespace aegis::console {

// The wizard's Cancel, carried to the engine through its file operations:
// once asked, the next effectful operation of a restore step fails with
// "cancelled by the operator" (a copy or hash in progress stops), exactly
// once, so that the engine fails that step and rolls back with every
// operation of the rollback working again.
//
// Why not RestoreEngine::cancel() alone: its flag also makes the rollback's
// own waits (for the gateway to stop and to become ready again) give up at
// their first look, so a cancel after the stop ends in "needs attention"
// instead of a clean rollback. Before the stop, and during the preflight,
// the wizard uses RestoreEngine::cancel().
class CancellableFileOperations : public FileOperations
{
public:
    explicit CancellableFileOperations(FileOperations &real);

    // From any thread.
    void requestCancel() { m_requested = true; }
    // Off during the preflight, the rollback and the finish: those must run
    // to their end. Set from the restore's thread as steps begin.
    void setCancellable(bool cancellable) { m_cancellable = cancellable; }
    bool isCancellable() const { return m_cancellable; }
    void reset();
    bool cancelledByOperator() const override { return m_taken; }

    bool exists(const QString &path) override;
    std::optional<FileStatus> status(const QString &path, QString *error) override;
    bool renameNoReplace(const QString &from, const QString &to, QString *error) override;
    bool copyDurably(const QString &from, const QString &to, const Progress &progress, const Cancelled &cancelled,
                     QString *writtenSha256, QString *error) override;
    bool remove(const QString &path, QString *error) override;
    std::optional<qint64> freeBytes(const QString &directory, QString *error) override;
    LockProbe probeExclusiveLock(const QString &path) override;
    bool setOwnerAndMode(const QString &path, const FileStatus &like, QString *error) override;
    bool syncDirectory(const QString &directory, QString *error) override;
    bool writeDurably(const QString &path, const QByteArray &bytes, QString *error) override;
    std::optional<QByteArray> readAll(const QString &path, QString *error) override;
    Sha256::FileResult hashFile(const QString &path, const Progress &progress, const Cancelled &cancelled) override;
    Sha256::FileResult hashCachedFile(const QString &path, const Progress &progress, const Cancelled &cancelled) override;
    bool makePath(const QString &directory, QString *error) override;
    uint effectiveUserId() override;

    static QString reason();

private:
    using Hash = Sha256::FileResult (FileOperations::*)(const QString &, const Progress &, const Cancelled &);
    Sha256::FileResult hashWith(Hash hash, const QString &path, const Progress &progress, const Cancelled &cancelled);
    // True (once) when this operation must fail for the cancel.
    bool takeCancel();
    bool refuse(QString *error);
    Cancelled watching(const Cancelled &cancelled);

    FileOperations &m_real;
    std::atomic<bool> m_requested{false};
    std::atomic<bool> m_cancellable{false};
    std::atomic<bool> m_taken{false}; // a cancel was carried out since the last reset()
};

} // namespace aegis::console
