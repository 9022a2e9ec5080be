#pragma once

namespace aegis {

// What background work is for, which decides its queue and its turn: an
// operator's backup goes before an operator's other work, and both go
// before anything an agent asked for. Highest priority first.
enum class WorkKind
{
    Backup, // taking or deleting backups (admin, or the scheduler)
    Admin,  // an admin's verification and catalog reads
    Agent,  // anything an agent triggers
};

inline constexpr int WorkKindCount = 3;

inline const char *workKindName(WorkKind kind)
{
    switch (kind) {
    case WorkKind::Backup: return "backup";
    case WorkKind::Admin: return "admin";
    case WorkKind::Agent: return "agent";
    }
    return "agent";
}

} // namespace aegis
