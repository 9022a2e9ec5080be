#pragma once

#include "common/restore/FileOperations.h"
#include "common/restore/RestoreJournal.h"

#include <QJsonArray>
#include <QString>

namespace aegis {

// The renames of a restore, written so that each can be repeated after a
// crash and always lands in the same place: the state of each file is read
// from the disk (a rename is atomic: a file is either under its live name or
// under its aside name), the journal says what each name means.
//
// Nothing here deletes an original. The only removal is of the restore's
// own temporary copy of the backup (never original data).
class FileSwap
{
public:
    FileSwap(FileOperations &files, RestoreJournal &journal);

    // Step 3, first half: every live file present now (the gateway has
    // stopped) becomes an Original with its size and sha256. Done once.
    bool recordOriginals(const FileOperations::Progress &progress, QString *error);
    // Step 3: each original to its aside name, then the directory fsynced.
    // Afterwards no live file of the database may exist.
    bool moveAside(QJsonArray *actions, QString *error);
    // Step 4, last part: the verified temporary copy to the live name.
    bool install(QJsonArray *actions, QString *error);

    // Any file changed place or was created: a rollback has work to do.
    bool touched();
    // Rollback: the restore's own copy (temporary, or installed and perhaps
    // already used by a gateway, with its -wal/-shm) goes to the
    // .failed-restore names; every original goes back to its live name.
    bool putBack(QJsonArray *actions, QString *error);

private:
    bool rename(const QString &from, const QString &to, const QString &why, QJsonArray *actions, QString *error);
    // A live file that is not an original still waiting at its place.
    bool isForeign(const QString &role);
    QString freeName(const QString &wanted);

    FileOperations &m_files;
    RestoreJournal &m_journal;
};

} // namespace aegis
