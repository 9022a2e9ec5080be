#include "gateway/storage/DatabaseHealth.h"

#include "gateway/storage/ScopedConnection.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <sqlite3.h>
#include <sys/statvfs.h>
#include <unistd.h>

namespace aegis {

int DatabaseHealth::appliedSchemaVersion(QSqlDatabase &db, QString *error)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT coalesce(max(version), 0) FROM schema_migrations")) || !query.next()) {
        if (error)
            *error = query.lastError().text();
        return -1;
    }
    return query.value(0).toInt();
}

bool DatabaseHealth::isWritable(QSqlDatabase &db, const QString &path, QString *reason)
{
    const QByteArray file = QFile::encodeName(QFileInfo(path).absoluteFilePath());
    const QByteArray dir = QFile::encodeName(QFileInfo(path).absolutePath());
    struct statvfs fs = {};
    if (::statvfs(file.constData(), &fs) == 0 && (fs.f_flag & ST_RDONLY)) {
        *reason = QStringLiteral("the file system holding the database is mounted read-only");
        return false;
    }
    if (::access(file.constData(), W_OK) != 0) {
        *reason = QStringLiteral("the database file is not writable");
        return false;
    }
    // SQLite needs the directory for its -wal and -shm files.
    if (::access(dir.constData(), W_OK) != 0) {
        *reason = QStringLiteral("the database directory is not writable");
        return false;
    }
    if (sqlite3 *handle = ScopedConnection::nativeHandle(db); handle && sqlite3_db_readonly(handle, "main") == 1) {
        *reason = QStringLiteral("SQLite opened the database read-only");
        return false;
    }
    return true;
}

} // namespace aegis
