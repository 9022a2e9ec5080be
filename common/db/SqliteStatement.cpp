#include "common/db/SqliteStatement.h"

#include <QSqlDatabase>
#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace aegis {

SqliteStatement::SqliteStatement(sqlite3 *db, const char *sql)
    : m_db(db)
{
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &m_statement, nullptr) != SQLITE_OK)
        m_statement = nullptr;
}

SqliteStatement::~SqliteStatement()
{
    sqlite3_finalize(m_statement);
}

sqlite3 *SqliteStatement::nativeHandle(const QSqlDatabase &db)
{
    if (!db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

QString SqliteStatement::error() const
{
    return QString::fromUtf8(sqlite3_errmsg(m_db));
}

void SqliteStatement::bind(int index, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    sqlite3_bind_text(m_statement, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bind(int index, const std::optional<QString> &text)
{
    if (text)
        bind(index, *text);
    else
        bindNull(index);
}

void SqliteStatement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_statement, index, value);
}

void SqliteStatement::bindUtf8(int index, QByteArrayView utf8)
{
    // Never bound as NULL: an empty view is the empty text.
    sqlite3_bind_text(m_statement, index, utf8.data() ? utf8.data() : "", int(utf8.size()), SQLITE_TRANSIENT);
}

void SqliteStatement::bindNull(int index)
{
    sqlite3_bind_null(m_statement, index);
}

bool SqliteStatement::next()
{
    m_lastCode = sqlite3_step(m_statement);
    return m_lastCode == SQLITE_ROW;
}

bool SqliteStatement::failed() const
{
    return m_lastCode != SQLITE_ROW && m_lastCode != SQLITE_DONE;
}

bool SqliteStatement::exec()
{
    m_lastCode = sqlite3_step(m_statement);
    return m_lastCode == SQLITE_DONE || m_lastCode == SQLITE_ROW;
}

int SqliteStatement::columnCount() const
{
    return sqlite3_column_count(m_statement);
}

namespace {

SqliteStatement::ColumnType typeOf(int sqliteType)
{
    switch (sqliteType) {
    case SQLITE_INTEGER:
        return SqliteStatement::ColumnType::Integer;
    case SQLITE_FLOAT:
        return SqliteStatement::ColumnType::Float;
    case SQLITE_TEXT:
        return SqliteStatement::ColumnType::Text;
    case SQLITE_BLOB:
        return SqliteStatement::ColumnType::Blob;
    default:
        return SqliteStatement::ColumnType::Null;
    }
}

} // namespace

SqliteStatement::ColumnType SqliteStatement::type(int column) const
{
    return typeOf(sqlite3_column_type(m_statement, column));
}

SqliteStatement::Cell SqliteStatement::cell(int column) const
{
    // The value of the current row, read on this statement's thread only:
    // SQLite calls it unprotected because no mutex guards it.
    sqlite3_value *value = sqlite3_column_value(m_statement, column);
    Cell out;
    out.type = typeOf(sqlite3_value_type(value));
    if (out.type == ColumnType::Text || out.type == ColumnType::Blob) {
        // sqlite3_value_blob on TEXT gives the stored bytes as they are,
        // without the terminating NUL sqlite3_value_text would copy them for.
        const auto *bytes = static_cast<const char *>(sqlite3_value_blob(value));
        const int size = sqlite3_value_bytes(value);
        out.bytes = size == 0 ? QByteArrayView("", 0) : QByteArrayView(bytes, size);
    }
    return out;
}

bool SqliteStatement::isUtf8Database(sqlite3 *db)
{
    SqliteStatement encoding(db, "PRAGMA encoding");
    return encoding.next() && encoding.view(0) == "UTF-8";
}

QByteArray SqliteStatement::utf8(int column) const
{
    // sqlite3_column_text before sqlite3_column_bytes, as SQLite asks: the
    // pointer is then valid for the length given. Text of a TEXT column
    // comes back as stored (the database's encoding is UTF-8); a BLOB's
    // bytes as they are.
    const auto *bytes = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    if (!bytes)
        return QByteArray();
    const int size = sqlite3_column_bytes(m_statement, column);
    return size == 0 ? QByteArray("") : QByteArray(bytes, size);
}

QByteArrayView SqliteStatement::view(int column) const
{
    const auto *bytes = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
    if (!bytes)
        return QByteArrayView();
    return QByteArrayView(bytes, sqlite3_column_bytes(m_statement, column));
}

QString SqliteStatement::text(int column) const
{
    const QByteArray bytes = utf8(column);
    return bytes.isNull() ? QString() : QString::fromUtf8(bytes);
}

double SqliteStatement::real(int column) const
{
    return sqlite3_column_double(m_statement, column);
}

qint64 SqliteStatement::integer(int column) const
{
    return sqlite3_column_int64(m_statement, column);
}

bool SqliteStatement::isNull(int column) const
{
    return sqlite3_column_type(m_statement, column) == SQLITE_NULL;
}

void SqliteStatement::reset()
{
    sqlite3_reset(m_statement);
    sqlite3_clear_bindings(m_statement);
}

} // namespace aegis
