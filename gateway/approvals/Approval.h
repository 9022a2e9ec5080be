#pragma once

#include "common/json/JsonValue.h"
#include "common/receipts/ReceiptBody.h"

#include <QDateTime>
#include <QString>

#include <optional>

class QSqlQuery;

namespace aegis {

// One row of the approvals table, with the call it was requested for.
struct Approval
{
    enum class Status { Created, Approved, Rejected, Expired, Consumed };

    QString id;
    QString tenantId;
    QString agentId;
    QString agentKey;
    QString agentStatus;     // now, not when it asked: a frozen agent runs nothing
    QString decisionId;
    QString actionHash;
    QByteArray toolCallJson; // canonical tool_call, the call that was reviewed
    QString policyReason;
    QString approverGroup;
    QString storedStatus;    // created | APPROVED | REJECTED | CONSUMED
    std::optional<QString> approverUserId;
    std::optional<QString> decisionReason;
    QString createdAt;
    QString expiresAt;
    std::optional<QString> decidedAt;
    std::optional<QString> consumedAt;
    qint64 num = 0;
    // The request receipt's fields (agent, user, run, trace, tool, action,
    // resource, source trust, action hash): every later step's receipt
    // repeats them, so that the chain tells the whole story.
    ReceiptBody request;

    // A pending approval whose time ran out is expired; nothing stores that.
    Status status(const QDateTime &now) const;
    bool isExpired(const QDateTime &now) const;

    // GET /v1/approvals/{id} and the list.
    JsonValue toJson(const QDateTime &now) const;
    // The "approval" object of a require_approval answer.
    JsonValue offerJson() const;

    static QString statusText(Status status);
    static std::optional<Status> parseStatus(const QString &text); // any case; "pending" is created

    // The SELECT list fromRow reads, over approvals a, decisions d, agents g.
    static QString selectSql();
    static Approval fromRow(const QSqlQuery &row);
};

} // namespace aegis
