#include "gateway/storage/StatementCache.h"

#include "gateway/storage/ScopedConnection.h"

namespace aegis {

StatementCache::StatementCache(QSqlDatabase &db)
    : m_db(db)
    , m_handle(ScopedConnection::nativeHandle(db))
{
}

StatementCache::NativeLease StatementCache::native(const char *sql)
{
    auto it = m_native.find(sql);
    if (it == m_native.end())
        it = m_native.emplace(sql, std::make_unique<SqliteStatement>(m_handle, sql)).first;
    return NativeLease(*it->second);
}

StatementCache::Lease StatementCache::prepared(const QString &sql)
{
    auto it = m_statements.find(sql);
    if (it == m_statements.end()) {
        QSqlQuery query(m_db);
        query.setForwardOnly(true);
        query.prepare(sql);
        it = m_statements.insert(sql, query);
    }
    return Lease(*it);
}

} // namespace aegis
