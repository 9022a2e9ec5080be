#pragma once

#include <QString>

namespace aegis {

// Who is asking. Admins may do everything in every tenant; an active agent
// may authorize its own calls and read its own tenant's decisions and
// receipts. A frozen agent may read only its own decisions and approvals; a
// revoked one reaches only /v1/authorize, to be denied on the record
// (docs/security.md).
struct Principal
{
    enum class Kind { Admin, Agent };

    Kind kind = Kind::Admin;
    QString agentId;
    QString tenantId;
    QString agentStatus; // active, frozen, revoked, deleted

    bool isAdmin() const { return kind == Kind::Admin; }
    // The tenant an agent is confined to; empty for an admin (any tenant).
    QString confinedTenant() const { return isAdmin() ? QString() : tenantId; }
    bool isFrozen() const { return !isAdmin() && agentStatus == QLatin1String("frozen"); }
    bool isRevoked() const { return !isAdmin() && agentStatus == QLatin1String("revoked"); }
    bool isDeleted() const { return !isAdmin() && agentStatus == QLatin1String("deleted"); }
    // The one agent whose records a frozen agent may still read; empty: no such narrowing.
    QString confinedAgent() const { return isFrozen() ? agentId : QString(); }
};

} // namespace aegis
