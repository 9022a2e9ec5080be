#pragma once

#include "gateway/approvals/Approval.h"

#include <chrono>
#include <optional>

namespace aegis {

class StatementCache;
struct AuthorizationDraft;
struct RecordedAuthorization;

// Reads and creates approval rows on whichever connection it is given
// (the writer's inside its transaction, or the HTTP thread's for reads).
class ApprovalStore
{
public:
    // Opens the approval for a require_approval decision just recorded. Its
    // receipt (decision "require_approval") is the evidence of the request.
    static bool create(StatementCache &db, const AuthorizationDraft &draft, const RecordedAuthorization &recorded,
                       std::chrono::milliseconds ttl, Approval *out, QString *error);

    // nullopt with an empty error when there is none.
    static std::optional<Approval> find(StatementCache &db, const QString &id, QString *error);
    static std::optional<Approval> findByDecision(StatementCache &db, const QString &decisionId, QString *error);
};

} // namespace aegis
