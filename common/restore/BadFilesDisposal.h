#pragma once

#include "common/restore/BadFilesDisposition.h"
#include "common/restore/FileOperations.h"
#include "common/restore/RestoreJournal.h"
#include "common/restore/StepFinding.h"

#include <QDateTime>
#include <QJsonArray>
#include <QList>
#include <QString>

namespace aegis {

// Step 8: keep, archive or delete the .bad files, only after the restore is
// verified, and only as the operator chose (or later, from the console's
// Restore page: SetAsideFiles). Archiving renames into the archive
// directory (same file system) or, across file systems, copies, verifies
// the copy's sha256 against the original's, and only then removes the
// source. The archived database gets a manifest of kind pre-restore,
// written before the file arrives (as the gateway does for a backup), so
// that the gateway's catalog lists it apart and never as the newest backup.
class BadFilesDisposal
{
public:
    struct Result
    {
        bool ok = true;
        StepFinding finding; // FilesKept, FilesArchived, FilesDeleted, DisposalIncomplete, or why nothing was done
        QJsonArray files; // where each original is now
    };

    // `originals`: the files set aside, each with its sha256.
    BadFilesDisposal(FileOperations &files, QString databasePath, QList<RestoreJournal::Original> originals);
    // `setAsideAt` names the archived files and is their manifest's created_at.
    Result run(BadFilesDisposition disposition, const QString &archiveDirectory, const QDateTime &setAsideAt);

private:
    bool archiveOne(const RestoreJournal::Original &original, const QString &target, QString *error);
    bool writeManifest(const RestoreJournal::Original &original, const QString &target, const QDateTime &setAsideAt,
                       QString *error);

    FileOperations &m_files;
    QString m_databasePath;
    QList<RestoreJournal::Original> m_originals;
};

} // namespace aegis
