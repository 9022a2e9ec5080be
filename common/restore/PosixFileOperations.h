#pragma once

#include "common/restore/FileOperations.h"

namespace aegis {

// FileOperations on the local file system through POSIX calls.
//
// The lock probe uses open-file-description locks (F_OFD_*), which conflict
// with the POSIX record locks SQLite takes, so a running gateway (which
// holds a shared lock on its database for as long as it has it open in WAL
// mode) is seen, and its pid is named. Caveat of POSIX locks: closing any
// descriptor of a file drops every record lock this process holds on it, so
// the engine never keeps an SQLite connection to the live database open
// while it probes.
class PosixFileOperations : public FileOperations
{
public:
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
};

} // namespace aegis
