#pragma once

#include "common/restore/FileOperations.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace aegis {

// Step 4's copy: the backup to a temporary name in the database's directory
// (same file system, so the final rename is atomic), fsynced, then read back
// from the disk and its sha256 compared with the backup's verified one, then
// given the live database's owner and mode. A failure removes the partial
// temporary file (the restore's own; never original data).
class VerifiedCopy
{
public:
    struct Result
    {
        bool ok = false;
        QString error;
        QString sha256;
        QJsonObject details;
    };

    VerifiedCopy(FileOperations &files, FileOperations::Progress progress, FileOperations::Cancelled cancelled);

    Result run(const QString &backup, const QString &temporary, const QString &expectedSha256,
               const std::optional<FileStatus> &ownerAndMode);

private:
    Result fail(const QString &temporary, const QString &error);

    FileOperations &m_files;
    FileOperations::Progress m_progress;
    FileOperations::Cancelled m_cancelled;
};

} // namespace aegis
