#include "gateway/storage/StatementCache.h"

namespace aegis {

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
