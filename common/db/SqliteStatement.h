#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

class QSqlDatabase;
struct sqlite3;
struct sqlite3_stmt;

namespace aegis {

// A prepared statement through SQLite's own API, on the sqlite3 handle of a
// QSQLITE connection.
//
// Writes: the statements that run for every authorization. Qt's
// QSqlResult::bindValue builds a placeholder name with QString::arg for each
// value and hands SQLite UTF-16 to convert back: measured with callgrind,
// binding alone cost more than SQLite's insert work.
//
// Reads of evidence: the QSQLITE driver reads every text column through
// sqlite3_column_text16, and SQLite's UTF-8 to UTF-16 conversion turns
// U+FFFE and U+FFFF into U+FFFD. A receipt holding them would not hash as it
// did when written, so whatever is hashed or served as evidence is read
// here, as the stored bytes (docs/design/storage.md, "Reading text").
class SqliteStatement
{
public:
    enum class ColumnType { Integer, Float, Text, Blob, Null };

    // A statement that fails to prepare is not valid; error() says why.
    SqliteStatement(sqlite3 *db, const char *sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement &) = delete;
    SqliteStatement &operator=(const SqliteStatement &) = delete;

    // The sqlite3 handle of an open QSQLITE connection; nullptr for another
    // driver (or a closed connection).
    static sqlite3 *nativeHandle(const QSqlDatabase &db);

    bool isValid() const { return m_statement != nullptr; }
    QString error() const;

    // Indexes are 1-based, as in SQLite.
    void bind(int index, const QString &text);
    void bind(int index, const std::optional<QString> &text);
    void bind(int index, qint64 value);
    void bindUtf8(int index, QByteArrayView utf8);
    void bindNull(int index);

    // true while rows come; false at the end or on an error (see error()).
    bool next();
    // The last next() or exec() ended in an error rather than a row or the end.
    bool failed() const;
    // Runs a statement that returns no rows; false on an error.
    bool exec();

    // Columns are 0-based, as in SQLite.
    int columnCount() const;
    ColumnType type(int column) const;
    // The column's stored bytes, unconverted (a BLOB's bytes too); null for
    // SQL NULL. What the gateway hashed is what comes back.
    QByteArray utf8(int column) const;
    // The same bytes without a copy, valid until the next step or reset; a
    // null view for SQL NULL. For loops that read millions of rows.
    QByteArrayView view(int column) const;
    // A column's type and stored bytes in one go, for loops over millions of
    // rows: one column call instead of three, and no copy to add the NUL
    // that sqlite3_column_text needs. A TEXT value comes back in the
    // database's encoding, so use it only when that is UTF-8
    // (isUtf8Database). bytes is null for NULL, INTEGER and FLOAT; an empty
    // TEXT or BLOB is an empty, non-null view. Valid until the next step.
    struct Cell
    {
        ColumnType type = ColumnType::Null;
        QByteArrayView bytes;
    };
    Cell cell(int column) const;
    static bool isUtf8Database(sqlite3 *db);
    // The same bytes as a QString (QString::fromUtf8 keeps every scalar
    // value, noncharacters included); null for SQL NULL.
    QString text(int column) const;
    qint64 integer(int column) const;
    double real(int column) const;
    bool isNull(int column) const;

    // Ready for the next use: bindings cleared, any read transaction ended.
    void reset();

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_statement = nullptr;
    int m_lastCode = 0;
};

} // namespace aegis
