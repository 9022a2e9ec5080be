#include "gateway/storage/Database.h"

#include <sqlite3.h>

namespace aegis {

Database::Database(Options options)
    : m_options(std::move(options))
{
}

void Database::interruptAll()
{
    QMutexLocker lock(&m_mutex);
    for (sqlite3 *handle : std::as_const(m_open))
        sqlite3_interrupt(handle);
}

int Database::openConnections() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_open.size());
}

void Database::track(sqlite3 *handle)
{
    QMutexLocker lock(&m_mutex);
    m_open.insert(handle);
}

void Database::untrack(sqlite3 *handle)
{
    QMutexLocker lock(&m_mutex);
    m_open.remove(handle);
}

} // namespace aegis
