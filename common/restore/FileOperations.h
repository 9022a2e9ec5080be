#pragma once

#include "common/crypto/Sha256.h"

#include <QByteArray>
#include <QString>

#include <functional>
#include <optional>

namespace aegis {

// What the restore engine needs to know about a file before it moves it.
struct FileStatus
{
    qint64 size = 0;
    uint ownerId = 0;
    uint groupId = 0;
    uint mode = 0;     // permission bits only (07777)
    quint64 device = 0; // st_dev: renames work only within one file system
};

// The answer of a lock probe on a database file: can this process take an
// exclusive lock on all of it right now? (RESTORE_AND_DRILL.md: "stopped"
// means, among other things, that no process holds the database.)
struct LockProbe
{
    enum class State
    {
        Free,    // an exclusive lock was taken and released at once
        Held,    // another process holds a lock on it
        Missing, // no such file: nobody can hold it
        Error    // the probe itself failed (detail says why)
    };
    State state = State::Error;
    qint64 holderPid = 0; // when Held and the kernel names the holder; 0 otherwise
    QString detail;

    bool isFree() const { return state == State::Free || state == State::Missing; }
};

// Every file-system effect of a restore goes through this interface, so that
// a test can make any one of them fail (or kill the process) on demand and
// watch the engine roll back. The real implementation is
// PosixFileOperations. Functions return false / nullopt with *error set to a
// sentence naming the file and the system's reason.
class FileOperations
{
public:
    using Progress = std::function<void(qint64 done, qint64 total)>;
    using Cancelled = std::function<bool()>;

    virtual ~FileOperations() = default;

    virtual bool exists(const QString &path) = 0;
    virtual std::optional<FileStatus> status(const QString &path, QString *error) = 0;
    // rename(2) within one file system that never replaces an existing target.
    virtual bool renameNoReplace(const QString &from, const QString &to, QString *error) = 0;
    // Creates `to` (which must not exist), copies `from` into it, fsyncs it.
    // *writtenSha256 is the hash of the bytes written, computed on the way.
    virtual bool copyDurably(const QString &from, const QString &to, const Progress &progress,
                             const Cancelled &cancelled, QString *writtenSha256, QString *error) = 0;
    virtual bool remove(const QString &path, QString *error) = 0;
    // Bytes available to this user on the file system holding `directory`.
    virtual std::optional<qint64> freeBytes(const QString &directory, QString *error) = 0;
    virtual LockProbe probeExclusiveLock(const QString &path) = 0;
    virtual bool setOwnerAndMode(const QString &path, const FileStatus &like, QString *error) = 0;
    virtual bool syncDirectory(const QString &directory, QString *error) = 0;
    // Replaces `path` atomically and durably (temporary name, fsync, rename,
    // directory fsync); mode 0600. For the journal and the report.
    virtual bool writeDurably(const QString &path, const QByteArray &bytes, QString *error) = 0;
    virtual std::optional<QByteArray> readAll(const QString &path, QString *error) = 0;
    // Reads the file as it is on disk (the page cache is dropped first when
    // the system allows), for verifying a copy just written.
    virtual Sha256::FileResult hashFile(const QString &path, const Progress &progress, const Cancelled &cancelled) = 0;
    // The same hash read through the page cache, for files the restore did
    // not just write (the backup, the live files): dropping their pages
    // would make everything else reading them at the same time (the
    // integrity check, the chain verification) read them from the disk
    // again. Fakes that do not tell the two apart need not override it.
    virtual Sha256::FileResult hashCachedFile(const QString &path, const Progress &progress, const Cancelled &cancelled)
    {
        return hashFile(path, progress, cancelled);
    }
    virtual bool makePath(const QString &directory, QString *error) = 0;
    // geteuid(): whether owner changes are possible at all.
    virtual uint effectiveUserId() = 0;
    // True once an operation was failed to carry the operator's cancel (the
    // console's Cancel travels this way): the engine then reports a cancel,
    // typed, rather than the file error.
    virtual bool cancelledByOperator() const { return false; }
};

} // namespace aegis
