#pragma once

#include "common/restore/BadFilesDisposal.h"
#include "common/restore/BadFilesDisposition.h"
#include "common/restore/FileOperations.h"
#include "common/restore/RestoreJournal.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace aegis {

// The files earlier restores set aside beside a database
// (<db>.bad-<T>, <db>.bad-<T>-wal, ...), found on disk and grouped by
// restore, so that they can be archived or deleted after the restore has
// finished (the console's Restore page). T is either the readable UTC time
// of RestoreFileNames or, from restores before it, a unix time.
class SetAsideFiles
{
public:
    // One restore's set-aside files.
    struct Set
    {
        QDateTime setAsideAt; // UTC
        QString stampText;    // T as in the names
        bool oldStyleName = false;
        // role, live and aside path, size; sha256 is filled by dispose().
        QList<RestoreJournal::Original> files;

        qint64 totalBytes() const;
        // The database's own file, empty when only companions are left.
        QString databaseFile() const;
    };

    // A file name's T and role ("db", "wal", ...) when it is one of
    // `databaseFileName`'s set-aside files.
    struct Name
    {
        QString stampText;
        QDateTime time;
        QString role;
        bool oldStyle = false;
    };
    static std::optional<Name> parse(const QString &databaseFileName, const QString &fileName);

    // Newest first. Reads the directory: call it off the UI thread.
    static QList<Set> find(const QString &databasePath);

    // Archives or deletes one set (Keep does nothing). Refused while an
    // unfinished restore's journal is beside the database: its set-aside
    // files are that restore's way back. The files are hashed first, so
    // that an archive across file systems is verified like step 8's.
    static BadFilesDisposal::Result dispose(FileOperations &files, const QString &databasePath, const Set &set,
                                            BadFilesDisposition disposition, const QString &archiveDirectory,
                                            const FileOperations::Cancelled &cancelled = {});
};

} // namespace aegis
