#pragma once

#include "common/db/SqliteStatement.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

#include <memory>
#include <unordered_map>

namespace aegis {

// One connection and its prepared statements. Preparing costs more than
// running, and the writer and the HTTP thread run the same few statements
// thousands of times a second, so each SQL text is prepared once per
// connection. Used on the thread that owns the connection only.
class StatementCache
{
public:
    // A prepared statement lent out until the lease ends. Ending the lease
    // finishes the statement: a SELECT left open would hold its read
    // transaction, and the connection would keep seeing that old snapshot
    // (and block WAL checkpoints) until its next use.
    class Lease
    {
    public:
        explicit Lease(QSqlQuery &query) : m_query(query) {}
        ~Lease() { m_query.finish(); }
        Lease(const Lease &) = delete;
        Lease &operator=(const Lease &) = delete;
        QSqlQuery *operator->() { return &m_query; }
        QSqlQuery &operator*() { return m_query; }

    private:
        QSqlQuery &m_query;
    };

    // The same for the hot statements that bypass QtSql (SqliteStatement).
    class NativeLease
    {
    public:
        explicit NativeLease(SqliteStatement &statement) : m_statement(statement) {}
        ~NativeLease() { m_statement.reset(); }
        NativeLease(const NativeLease &) = delete;
        NativeLease &operator=(const NativeLease &) = delete;
        SqliteStatement *operator->() { return &m_statement; }
        SqliteStatement &operator*() { return m_statement; }

    private:
        SqliteStatement &m_statement;
    };

    explicit StatementCache(QSqlDatabase &db);

    QSqlDatabase &db() { return m_db; }
    // For statements built per request (evidence reads, whose SQL varies
    // with filters and cursors): a SqliteStatement on it, finished when it
    // goes out of scope.
    sqlite3 *handle() const { return m_handle; }
    Lease prepared(const QString &sql);
    // `sql` must be a string literal: it is the cache key by address.
    NativeLease native(const char *sql);

private:
    QSqlDatabase &m_db;
    sqlite3 *m_handle;
    QHash<QString, QSqlQuery> m_statements;
    std::unordered_map<const char *, std::unique_ptr<SqliteStatement>> m_native;
};

} // namespace aegis
