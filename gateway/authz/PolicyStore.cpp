#include "gateway/authz/PolicyStore.h"

#include "gateway/storage/StatementCache.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>

namespace aegis {

std::optional<PolicyStore::Policy> PolicyStore::load(StatementCache &db, const QString &tenantId, QString *error)
{
    qint64 version = 0;
    {
        auto query = db.prepared(QStringLiteral("SELECT version FROM policies WHERE tenant_id = ?"));
        query->addBindValue(tenantId);
        if (!query->exec()) {
            *error = query->lastError().text();
            return std::nullopt;
        }
        if (!query->next())
            return std::nullopt;
        version = query->value(0).toLongLong();
    }
    if (const auto it = m_cache.constFind(tenantId); it != m_cache.cend() && it->version == version)
        return *it;

    auto query = db.prepared(QStringLiteral("SELECT version, updated_at, rules FROM policies WHERE tenant_id = ?"));
    query->addBindValue(tenantId);
    if (!query->exec() || !query->next()) {
        *error = query->lastError().text();
        return std::nullopt;
    }
    Policy policy;
    policy.version = query->value(0).toLongLong();
    policy.updatedAt = query->value(1).toString();
    QString parseError;
    const auto rules = PolicyRule::parseList(QJsonDocument::fromJson(query->value(2).toByteArray()).array(), &parseError);
    if (!rules) {
        // A damaged rule list must not silently allow anything: no rules
        // means every call is denied (fail closed), and the log says why.
        *error = QStringLiteral("the stored policy of tenant %1 is invalid (%2); denying every call").arg(tenantId, parseError);
    } else {
        policy.rules = *rules;
    }
    m_cache.insert(tenantId, policy);
    return policy;
}

} // namespace aegis
