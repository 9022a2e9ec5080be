#pragma once

#include <QString>

namespace aegis {

// Who is asking. Admins may do everything in every tenant; an agent may
// authorize its own calls and read its own tenant's decisions and receipts.
struct Principal
{
    enum class Kind { Admin, Agent };

    Kind kind = Kind::Admin;
    QString agentId;
    QString tenantId;
    QString agentStatus; // active, frozen, revoked

    bool isAdmin() const { return kind == Kind::Admin; }
    // The tenant an agent is confined to; empty for an admin (any tenant).
    QString confinedTenant() const { return isAdmin() ? QString() : tenantId; }
};

} // namespace aegis
