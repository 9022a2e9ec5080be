#pragma once

#include <QSqlDatabase>
#include <QString>

namespace aegis {

// The checks behind /health and /readyz, each cheap enough to run on every
// probe.
class DatabaseHealth
{
public:
    // Reads the newest applied migration: proves the file is readable as our
    // database, not merely that a connection object exists. -1 when it fails.
    static int appliedSchemaVersion(QSqlDatabase &db, QString *error);

    // Whether a write could succeed: the file system is not mounted
    // read-only (the usual sign of a failing disk), the file and its
    // directory are writable, and SQLite did not open the file read-only.
    static bool isWritable(QSqlDatabase &db, const QString &path, QString *reason);
};

} // namespace aegis
