#pragma once

#include <QString>

#include <optional>

struct sqlite3;
struct sqlite3_stmt;

namespace aegis {

// A prepared statement through SQLite's own API, for the few statements
// that run for every authorization. Qt's QSqlResult::bindValue builds a
// placeholder name with QString::arg for each value and hands SQLite UTF-16
// to convert back: measured with callgrind, binding alone cost more than
// SQLite's insert work. Everything else goes through QtSql.
class SqliteStatement
{
public:
    SqliteStatement(sqlite3 *db, const char *sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    bool isValid() const { return m_statement != nullptr; }
    QString error() const;

    // Indexes are 1-based, as in SQLite.
    void bind(int index, const QString &text);
    void bind(int index, const std::optional<QString> &text);
    void bind(int index, qint64 value);
    void bindNull(int index);

    // true while rows come; false at the end or on an error (see error()).
    bool next();
    // The last next() or exec() ended in an error rather than a row or the end.
    bool failed() const;
    // Runs a statement that returns no rows; false on an error.
    bool exec();
    QString text(int column) const;
    qint64 integer(int column) const;
    bool isNull(int column) const;

    // Ready for the next use: bindings cleared, any read transaction ended.
    void reset();

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_statement = nullptr;
    int m_lastCode = 0;
};

} // namespace aegis
