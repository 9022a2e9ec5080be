#pragma once

#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>

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

    explicit StatementCache(QSqlDatabase &db) : m_db(db) {}

    QSqlDatabase &db() { return m_db; }
    Lease prepared(const QString &sql);

private:
    QSqlDatabase &m_db;
    QHash<QString, QSqlQuery> m_statements;
};

} // namespace aegis
