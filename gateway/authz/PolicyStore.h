#pragma once

#include "gateway/authz/PolicyRule.h"

#include <QHash>
#include <QString>

#include <optional>

namespace aegis {

class StatementCache;

// The tenants' rule lists as the HTTP thread sees them. Parsing a rule list
// costs far more than reading its version, so each authorization reads the
// version (a primary-key lookup) and parses only when it changed. Edits made
// behind the gateway's back are thus picked up too, provided they bump the
// version as PUT does.
class PolicyStore
{
public:
    struct Policy
    {
        qint64 version = 0;
        QString updatedAt;
        QList<PolicyRule> rules;
    };

    // nullopt when the tenant has no policy (the tenant does not exist).
    std::optional<Policy> load(StatementCache &db, const QString &tenantId, QString *error);

private:
    QHash<QString, Policy> m_cache;
};

} // namespace aegis
