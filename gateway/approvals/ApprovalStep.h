#pragma once

#include "gateway/approvals/Approval.h"
#include "gateway/authz/ReceiptAppender.h"

#include <QString>

#include <optional>

namespace aegis {

// One step an approval can take after it was requested, as asked for.
struct ApprovalStep
{
    enum class Kind { Approve, Reject, Consume };

    Kind kind = Kind::Approve;
    QString approvalId;
    QString approver;                       // approve/reject: who decided
    QString reason;                         // approve/reject: why (may be empty)
    std::optional<QString> claimedActionHash; // consume: the call the agent is about to run
    QString confinedTenant;                 // empty: admin, any tenant
    QString requestingAgentId;              // consume by an agent: must be the one that asked

    // What became of it. Anything but Done changed nothing.
    enum class Outcome {
        Done,
        NotFound,
        NotRequester,
        AgentBlocked,
        AlreadyDecided,
        Expired,
        NotApproved,
        AlreadyConsumed,
        ActionHashMismatch,
    };

    struct Result
    {
        Outcome outcome = Outcome::NotFound;
        Approval approval;          // as it is after the step (or was, when refused)
        QString receiptId;          // the step's receipt, when Done
        AppendedReceipt receipt;
    };
};

} // namespace aegis
