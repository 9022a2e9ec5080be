#include "common/db/ReadOnlyConnection.h"

#include <sqlite3.h>

namespace aegis {

ReadOnlyConnection::ReadOnlyConnection(const QString &uri)
{
    sqlite3 *db = nullptr;
    // NOMUTEX: the handle never leaves the thread that uses it.
    const int code = sqlite3_open_v2(uri.toUtf8().constData(), &db,
        SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, nullptr);
    if (code != SQLITE_OK) {
        m_error = db ? QString::fromUtf8(sqlite3_errmsg(db)) : QString::fromUtf8(sqlite3_errstr(code));
        sqlite3_close(db);
        return;
    }
    m_db = db;
}

ReadOnlyConnection::~ReadOnlyConnection()
{
    sqlite3_close(m_db);
}

} // namespace aegis
