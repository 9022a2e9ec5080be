#pragma once

#include "common/restore/BadFilesDisposition.h"
#include "common/restore/FileOperations.h"
#include "common/restore/RestoreJournal.h"

#include <QJsonArray>
#include <QString>

namespace aegis {

// Step 8: keep, archive or delete the .bad files, only after the restore is
// verified, and only as the operator chose. Archiving renames into the
// archive directory (same file system) or, across file systems, copies,
// verifies the copy's sha256 against the journal's, and only then removes
// the source.
class BadFilesDisposal
{
public:
    struct Result
    {
        bool ok = true;
        QString summary;
        QJsonArray files; // where each original is now
    };

    BadFilesDisposal(FileOperations &files, const RestoreJournal &journal);
    Result run(BadFilesDisposition disposition, const QString &archiveDirectory, const QString &compactTime);

private:
    bool archiveOne(const RestoreJournal::Original &original, const QString &target, QString *error);

    FileOperations &m_files;
    const RestoreJournal &m_journal;
};

} // namespace aegis
