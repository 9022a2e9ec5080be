#pragma once

#include "gateway/approvals/ApprovalStep.h"

namespace aegis {

class StatementCache;

// Applies an ApprovalStep on the writer thread, inside the writer's
// transaction: checks the approval's state and expiry, moves it on, and
// appends the step's receipt to the tenant's chain. Because only the writer
// runs steps, two concurrent consumes are serialized and the second finds
// the approval consumed.
class ApprovalTransition
{
public:
    explicit ApprovalTransition(const ReceiptAppender &appender) : m_appender(appender) {}

    bool apply(StatementCache &db, const ApprovalStep &step, ApprovalStep::Result *out, QString *error) const;

private:
    ApprovalStep::Outcome check(const ApprovalStep &step, const Approval &approval, const QDateTime &now) const;
    bool appendReceipt(StatementCache &db, const ApprovalStep &step, const Approval &approval,
                       ApprovalStep::Result *out, QString *error) const;

    const ReceiptAppender &m_appender;
};

} // namespace aegis
