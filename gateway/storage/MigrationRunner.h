#pragma once

#include "gateway/storage/Migration.h"

#include <QSqlDatabase>
#include <QStringList>

namespace aegis {

// Brings a database to the schema a binary carries, or refuses to touch it.
// Refusal is the point: a database written by a newer gateway, or one whose
// applied migrations differ from ours, must never be served by this binary,
// because the restore procedure and auditors rely on the schema meaning
// exactly what the migrations say.
class MigrationRunner
{
public:
    enum class Status { Current, Migrated, RefusedNewer, RefusedChecksum, Failed };

    struct Outcome
    {
        Status status = Status::Failed;
        int fromVersion = 0;
        int toVersion = 0;
        QStringList applied;
        QString message;

        bool ok() const { return status == Status::Current || status == Status::Migrated; }
    };

    static Outcome run(QSqlDatabase &db, const MigrationSet &set);

    // The newest applied version (0 for an empty database), or -1 when it
    // cannot be read.
    static int appliedVersion(QSqlDatabase &db);

    // Splits a migration file into statements at the points where SQLite
    // itself sees a complete statement, so trigger bodies stay whole.
    static QStringList splitStatements(const QByteArray &sql);
};

} // namespace aegis
