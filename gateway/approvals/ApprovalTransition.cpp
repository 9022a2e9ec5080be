#include "gateway/approvals/ApprovalTransition.h"

#include "common/util/Timestamp.h"
#include "gateway/approvals/ApprovalStore.h"
#include "gateway/storage/StatementCache.h"

#include <QSqlError>

namespace aegis {

using Outcome = ApprovalStep::Outcome;

Outcome ApprovalTransition::check(const ApprovalStep &step, const Approval &approval, const QDateTime &now) const
{
    if (!step.confinedTenant.isEmpty() && approval.tenantId != step.confinedTenant)
        return Outcome::NotFound;
    const Approval::Status status = approval.status(now);
    if (step.kind != ApprovalStep::Kind::Consume) {
        if (status == Approval::Status::Expired)
            return Outcome::Expired;
        return status == Approval::Status::Created ? Outcome::Done : Outcome::AlreadyDecided;
    }
    if (!step.requestingAgentId.isEmpty() && approval.agentId != step.requestingAgentId)
        return Outcome::NotRequester;
    // Whoever presents it (the reference SDK consumes with the admin key),
    // an approval no longer releases a call of a frozen or revoked agent.
    if (approval.agentStatus != QLatin1String("active"))
        return Outcome::AgentBlocked;
    if (status == Approval::Status::Consumed)
        return Outcome::AlreadyConsumed;
    if (status != Approval::Status::Approved)
        return status == Approval::Status::Expired ? Outcome::Expired : Outcome::NotApproved;
    if (approval.isExpired(now))
        return Outcome::Expired;
    if (step.claimedActionHash && *step.claimedActionHash != approval.actionHash)
        return Outcome::ActionHashMismatch;
    return Outcome::Done;
}

bool ApprovalTransition::apply(StatementCache &db, const ApprovalStep &step, ApprovalStep::Result *out,
                               QString *error) const
{
    auto approval = ApprovalStore::find(db, step.approvalId, error);
    if (!approval) {
        out->outcome = Outcome::NotFound;
        return error->isEmpty();
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    out->approval = *approval;
    out->outcome = check(step, *approval, now);
    if (out->outcome != Outcome::Done)
        return true;

    const QString at = Timestamp::millis(now);
    const bool consume = step.kind == ApprovalStep::Kind::Consume;
    const QString newStatus = consume ? QStringLiteral("CONSUMED")
                            : step.kind == ApprovalStep::Kind::Approve ? QStringLiteral("APPROVED")
                                                                       : QStringLiteral("REJECTED");
    if (!appendReceipt(db, step, *approval, out, error))
        return false;
    // The WHERE repeats the state checked above: a step can move an
    // approval only from the state it was checked in.
    auto update = db.prepared(
        consume ? QStringLiteral("UPDATE approvals SET status = ?, consumed_at = ?, consume_receipt_id = ? "
                                 "WHERE id = ? AND status = 'APPROVED'")
                : QStringLiteral("UPDATE approvals SET status = ?, decided_at = ?, decision_receipt_id = ?, "
                                 "approver_user_id = ?, decision_reason = ? WHERE id = ? AND status = 'created'"));
    update->addBindValue(newStatus);
    update->addBindValue(at);
    update->addBindValue(out->receiptId);
    if (!consume) {
        update->addBindValue(step.approver);
        update->addBindValue(step.reason);
    }
    update->addBindValue(approval->id);
    if (!update->exec() || update->numRowsAffected() != 1) {
        *error = QStringLiteral("moving the approval to %1: %2").arg(newStatus, update->lastError().text());
        return false;
    }
    const auto after = ApprovalStore::find(db, approval->id, error);
    if (!after)
        return false;
    out->approval = *after;
    return true;
}

bool ApprovalTransition::appendReceipt(StatementCache &db, const ApprovalStep &step, const Approval &approval,
                                       ApprovalStep::Result *out, QString *error) const
{
    ReceiptBody body = approval.request;
    body.eventId = ReceiptAppender::newReceiptId();
    body.ts = Timestamp::nowMicros();
    switch (step.kind) {
    case ApprovalStep::Kind::Approve:
        body.decision = QStringLiteral("approved");
        body.approver = step.approver;
        break;
    case ApprovalStep::Kind::Reject:
        body.decision = QStringLiteral("rejected");
        body.approver = step.approver;
        break;
    case ApprovalStep::Kind::Consume:
        body.decision = QStringLiteral("consumed");
        break;
    }
    out->receiptId = body.eventId;
    return m_appender.append(db, approval.tenantId, body, approval.decisionId, &out->receipt, error);
}

} // namespace aegis
