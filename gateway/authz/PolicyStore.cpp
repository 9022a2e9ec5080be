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

    // The rules as stored bytes (SqliteStatement): through UTF-16, a glob
    // holding U+FFFE or U+FFFF would come back as U+FFFD and match
    // something else than the administrator wrote.
    auto query = db.native("SELECT version, updated_at, rules FROM policies WHERE tenant_id = ?1");
    query->bind(1, tenantId);
    if (!query->next()) {
        if (query->failed())
            *error = query->error();
        return std::nullopt;
    }
    Policy policy;
    policy.version = query->integer(0);
    policy.updatedAt = query->text(1);
    QString parseError;
    const auto rules = PolicyRule::parseList(QJsonDocument::fromJson(query->utf8(2)).array(), &parseError);
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
