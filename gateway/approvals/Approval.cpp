#include "gateway/approvals/Approval.h"

#include "common/json/JsonParser.h"
#include "common/util/Timestamp.h"

#include <QSqlQuery>
#include <QVariant>

namespace aegis {

namespace {

JsonValue optionalText(const std::optional<QString> &text)
{
    return text ? JsonValue(*text) : JsonValue::null();
}

std::optional<QString> nullable(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toString();
}

} // namespace

bool Approval::isExpired(const QDateTime &now) const
{
    return now >= Timestamp::parse(expiresAt);
}

Approval::Status Approval::status(const QDateTime &now) const
{
    if (storedStatus == QLatin1String("APPROVED"))
        return Status::Approved;
    if (storedStatus == QLatin1String("REJECTED"))
        return Status::Rejected;
    if (storedStatus == QLatin1String("CONSUMED"))
        return Status::Consumed;
    return isExpired(now) ? Status::Expired : Status::Created;
}

QString Approval::statusText(Status status)
{
    switch (status) {
    case Status::Created:
        return QStringLiteral("created");
    case Status::Approved:
        return QStringLiteral("APPROVED");
    case Status::Rejected:
        return QStringLiteral("REJECTED");
    case Status::Expired:
        return QStringLiteral("EXPIRED");
    case Status::Consumed:
        return QStringLiteral("CONSUMED");
    }
    return {};
}

std::optional<Approval::Status> Approval::parseStatus(const QString &text)
{
    const QString lower = text.toLower();
    if (lower == QLatin1String("created") || lower == QLatin1String("pending"))
        return Status::Created;
    for (Status status : {Status::Approved, Status::Rejected, Status::Expired, Status::Consumed}) {
        if (lower == statusText(status).toLower())
            return status;
    }
    return std::nullopt;
}

JsonValue Approval::toJson(const QDateTime &now) const
{
    JsonValue object = JsonValue::object();
    object.insert("approval_id", JsonValue(id));
    object.insert("status", JsonValue(statusText(status(now))));
    object.insert("action_hash", JsonValue(actionHash));
    object.insert("tool_call", JsonParser::parseDocument(toolCallJson).value_or(JsonValue::null()));
    object.insert("tenant_id", JsonValue(tenantId));
    object.insert("agent_id", JsonValue(agentId));
    object.insert("agent_key", agentKey.isEmpty() ? JsonValue::null() : JsonValue(agentKey));
    object.insert("decision_id", JsonValue(decisionId));
    // The reviewer's reason once there is one (the SDK shows it on a
    // rejection); before that, why the policy asked for a review.
    object.insert("reason", JsonValue(decisionReason && !decisionReason->isEmpty() ? *decisionReason : policyReason));
    object.insert("policy_reason", JsonValue(policyReason));
    object.insert("approver_group", JsonValue(approverGroup));
    object.insert("approver_user_id", optionalText(approverUserId));
    object.insert("user_id", optionalText(request.userId));
    object.insert("run_id", optionalText(request.runId));
    object.insert("trace_id", optionalText(request.traceId));
    object.insert("created_at", JsonValue(createdAt));
    object.insert("expires_at", JsonValue(expiresAt));
    object.insert("decided_at", optionalText(decidedAt));
    object.insert("consumed_at", optionalText(consumedAt));
    return object;
}

JsonValue Approval::offerJson() const
{
    JsonValue object = JsonValue::object();
    object.insert("approval_id", JsonValue(id));
    object.insert("status", JsonValue(QStringLiteral("created")));
    object.insert("action_hash", JsonValue(actionHash));
    object.insert("expires_at", JsonValue(expiresAt));
    object.insert("approver_group", JsonValue(approverGroup));
    return object;
}

QString Approval::selectSql()
{
    return QStringLiteral(
        "SELECT a.id, a.tenant_id, a.agent_id, g.agent_key, a.decision_id, a.action_hash, a.tool_call, a.reason, "
        "a.approver_group, a.status, a.approver_user_id, a.decision_reason, a.created_at, a.expires_at, "
        "a.decided_at, a.consumed_at, a.num, d.user_id, d.run_id, d.trace_id, d.tool, d.action, d.resource, "
        "d.source_trust, g.status "
        "FROM approvals a JOIN decisions d ON d.id = a.decision_id LEFT JOIN agents g ON g.id = a.agent_id");
}

Approval Approval::fromRow(const QSqlQuery &row)
{
    Approval a;
    a.id = row.value(0).toString();
    a.tenantId = row.value(1).toString();
    a.agentId = row.value(2).toString();
    a.agentKey = row.value(3).toString();
    a.decisionId = row.value(4).toString();
    a.actionHash = row.value(5).toString();
    a.toolCallJson = row.value(6).toString().toUtf8();
    a.policyReason = row.value(7).toString();
    a.approverGroup = row.value(8).toString();
    a.storedStatus = row.value(9).toString();
    a.approverUserId = nullable(row.value(10));
    a.decisionReason = nullable(row.value(11));
    a.createdAt = row.value(12).toString();
    a.expiresAt = row.value(13).toString();
    a.decidedAt = nullable(row.value(14));
    a.consumedAt = nullable(row.value(15));
    a.num = row.value(16).toLongLong();
    a.request.agentId = a.agentId;
    a.request.actionHash = a.actionHash;
    a.request.userId = nullable(row.value(17));
    a.request.runId = nullable(row.value(18));
    a.request.traceId = nullable(row.value(19));
    a.request.tool = row.value(20).toString();
    a.request.action = row.value(21).toString();
    a.request.resource = nullable(row.value(22));
    a.request.sourceTrust = nullable(row.value(23));
    a.agentStatus = row.value(24).toString();
    return a;
}

} // namespace aegis
