#include "gateway/storage/ScopedConnection.h"

#include "common/db/SqliteStatement.h"

#include "gateway/storage/Database.h"

#include <QAtomicInteger>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

namespace aegis {

namespace {

QAtomicInteger<quint64> connectionCounter;

} // namespace

ScopedConnection::ScopedConnection(Database &database, const QString &purpose)
    : m_database(database)
    , m_name(QStringLiteral("aegis-%1-%2").arg(purpose).arg(connectionCounter.fetchAndAddRelaxed(1)))
{
    m_db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
    m_db.setDatabaseName(database.path());
    m_db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(database.options().busyTimeout.count()));
    if (!m_db.open()) {
        m_error = m_db.lastError().text();
        return;
    }
    const char *synchronous = database.options().sync == DbSync::Full ? "FULL" : "NORMAL";
    const QStringList pragmas = {
        QStringLiteral("PRAGMA foreign_keys = ON"),
        QStringLiteral("PRAGMA synchronous = %1").arg(QLatin1String(synchronous)),
    };
    for (const QString &pragma : pragmas) {
        QSqlQuery query(m_db);
        if (!query.exec(pragma)) {
            m_error = QStringLiteral("%1: %2").arg(pragma, query.lastError().text());
            m_db.close();
            return;
        }
    }
    m_handle = nativeHandle(m_db);
    if (!m_handle) {
        m_error = QStringLiteral("the SQLite driver gave no native handle");
        m_db.close();
        return;
    }
    m_database.track(m_handle);
}

ScopedConnection::~ScopedConnection()
{
    if (m_handle)
        m_database.untrack(m_handle);
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(m_name);
}

sqlite3 *ScopedConnection::nativeHandle(const QSqlDatabase &db)
{
    return SqliteStatement::nativeHandle(db);
}

} // namespace aegis
