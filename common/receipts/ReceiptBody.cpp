#include "common/receipts/ReceiptBody.h"

#include "common/json/CanonicalJson.h"

namespace aegis {

namespace {

JsonValue optionalText(const std::optional<QString> &text)
{
    return text ? JsonValue(*text) : JsonValue::null();
}

} // namespace

const QByteArrayList &ReceiptBody::fieldNames()
{
    static const QByteArrayList names = {"event_id", "ts", "agent_id", "user_id", "run_id", "trace_id", "tool",
        "action", "resource", "source_trust", "decision", "approver", "action_hash", "prev_receipt_hash"};
    return names;
}

JsonValue ReceiptBody::toJson() const
{
    JsonValue body = JsonValue::object();
    body.insert("event_id", JsonValue(eventId));
    body.insert("ts", JsonValue(ts));
    body.insert("agent_id", JsonValue(agentId));
    body.insert("user_id", optionalText(userId));
    body.insert("run_id", optionalText(runId));
    body.insert("trace_id", optionalText(traceId));
    body.insert("tool", JsonValue(tool));
    body.insert("action", JsonValue(action));
    body.insert("resource", optionalText(resource));
    body.insert("source_trust", optionalText(sourceTrust));
    body.insert("decision", JsonValue(decision));
    body.insert("approver", optionalText(approver));
    body.insert("action_hash", JsonValue(actionHash));
    body.insert("prev_receipt_hash", JsonValue(prevReceiptHash));
    return body;
}

std::optional<QString> ReceiptBody::receiptHash(QString *error) const
{
    return CanonicalJson::hash(toJson(), error);
}

} // namespace aegis
