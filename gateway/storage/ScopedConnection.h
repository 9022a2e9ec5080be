#pragma once

#include <QSqlDatabase>
#include <QString>

struct sqlite3;

namespace aegis {

class Database;

// A configured connection owned by the calling thread for the lifetime of
// this object: foreign keys on, the busy timeout and synchronous mode of the
// Database's options. Opening costs well under a millisecond, so background
// work opens one per task instead of sharing per-thread connections whose
// lifetime nobody owns.
class ScopedConnection
{
public:
    ScopedConnection(Database &database, const QString &purpose);
    ~ScopedConnection();
    ScopedConnection(const ScopedConnection &) = delete;
    ScopedConnection &operator=(const ScopedConnection &) = delete;

    bool isOpen() const { return m_handle != nullptr; }
    QString error() const { return m_error; }
    QSqlDatabase &db() { return m_db; }

    // SqliteStatement::nativeHandle, where the gateway's callers look for it.
    static sqlite3 *nativeHandle(const QSqlDatabase &db);

private:
    Database &m_database;
    QString m_name;
    QSqlDatabase m_db;
    sqlite3 *m_handle = nullptr;
    QString m_error;
};

} // namespace aegis
