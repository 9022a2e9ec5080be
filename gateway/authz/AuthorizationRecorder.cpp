#include "gateway/authz/AuthorizationRecorder.h"

#include "common/json/JsonParser.h"
#include "common/json/JsonValue.h"
#include "common/receipts/EvidenceJson.h"
#include "common/receipts/ReceiptBody.h"
#include "common/util/Timestamp.h"
#include "gateway/authz/TimeOrderedUuid.h"
#include "gateway/storage/StatementCache.h"

#include <QSqlError>

namespace aegis {

AuthorizationRecorder::AuthorizationRecorder(std::optional<Ed25519Signer> signer)
    : m_appender(std::move(signer))
{
}

bool AuthorizationRecorder::findPrevious(StatementCache &db, const AuthorizationDraft &draft,
                                         RecordedAuthorization *out, bool *found, QString *error) const
{
    *found = false;
    if (!draft.request.requestId)
        return true;
    // Whether each part of the request is the one first recorded under this
    // id, compared by SQLite byte for byte (IS: an absent user or trace is
    // NULL on both sides). The context is stored canonical, so equal JSON
    // compares equal however the client spelled it.
    auto query = db.native(
        "SELECT d.id, d.decision, d.risk_level, d.risk_score, d.reason, d.matched_policies, d.action_hash, "
        "r.event_id, r.seq, r.receipt_hash, r.prev_receipt_hash, r.signature, r.signer_public_key, r.signer_key_id, "
        "d.action_hash IS ?3, d.user_id IS ?4 AND d.user_role IS ?5, d.run_id IS ?6 AND d.trace_id IS ?7, "
        "d.context IS ?8 "
        "FROM decisions d JOIN receipts r ON r.event_id = d.receipt_id "
        "WHERE d.agent_id = ?1 AND d.request_id = ?2");
    const AuthorizeRequest &request = draft.request;
    query->bind(1, draft.agentId);
    query->bind(2, *request.requestId);
    query->bind(3, draft.actionHash);
    query->bind(4, request.userId);
    query->bind(5, request.userRole);
    query->bind(6, request.runId);
    query->bind(7, request.traceId);
    query->bind(8, QString::fromUtf8(request.contextJson));
    if (!query->next()) {
        if (!query->failed())
            return true;
        *error = QStringLiteral("looking up the request id: %1").arg(query->error());
        return false;
    }
    *found = true;
    QStringList differing;
    const char *parts[] = {"tool_call", "user", "trace", "context"};
    for (int i = 0; i < 4; ++i) {
        if (query->integer(14 + i) != 1)
            differing.append(QLatin1String(parts[i]));
    }
    if (!differing.isEmpty()) {
        out->conflict = IdempotencyConflict{*request.requestId, query->text(6), draft.actionHash, differing};
        return true;
    }
    out->replayed = true;
    out->decisionId = query->text(0);
    out->decision = query->text(1);
    out->riskLevel = query->text(2);
    out->riskScore = int(query->integer(3));
    out->reason = query->text(4);
    out->matchedPolicies = JsonParser::parseDocument(query->text(5).toUtf8()).value_or(JsonValue::array());
    out->actionHash = query->text(6);
    out->receiptId = query->text(7);
    out->seq = query->integer(8);
    out->receiptHash = query->text(9);
    out->prevReceiptHash = query->text(10);
    out->signature = query->text(11);
    out->signerPublicKey = query->text(12);
    out->signerKeyId = query->text(13);
    return true;
}

bool AuthorizationRecorder::record(StatementCache &db, const AuthorizationDraft &draft, RecordedAuthorization *out,
                                   QString *error) const
{
    bool found = false;
    if (!findPrevious(db, draft, out, &found, error))
        return false;
    if (found)
        return true; // the earlier answer, or a conflict: nothing to write

    const AuthorizeRequest &request = draft.request;
    out->replayed = false;
    out->decisionId = TimeOrderedUuid::generate();
    out->receiptId = ReceiptAppender::newReceiptId();
    out->decision = draft.policy.decision;
    out->riskLevel = draft.policy.riskLevel;
    out->riskScore = draft.policy.riskScore;
    out->reason = draft.policy.reason;
    for (const QString &id : draft.policy.matchedPolicies)
        out->matchedPolicies.append(JsonValue(id));
    out->actionHash = draft.actionHash;

    ReceiptBody body;
    body.eventId = out->receiptId;
    body.ts = Timestamp::nowMicros();
    body.agentId = draft.agentId;
    body.userId = request.userId;
    body.runId = request.runId;
    body.traceId = request.traceId;
    body.tool = request.tool;
    body.action = request.action;
    body.resource = request.resource;
    body.sourceTrust = request.sourceTrust;
    body.decision = out->decision;
    body.actionHash = out->actionHash;
    {
        auto insert = db.native(
            "INSERT INTO decisions (id, tenant_id, agent_id, request_id, user_id, user_role, run_id, trace_id, tool, "
            "action, resource, mutates_state, parameters, source_trust, context, decision, risk_level, risk_score, "
            "reason, matched_policies, action_hash, receipt_id, created_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)");
        insert->bind(1, out->decisionId);
        insert->bind(2, draft.tenantId);
        insert->bind(3, draft.agentId);
        insert->bind(4, request.requestId);
        insert->bind(5, request.userId);
        insert->bind(6, request.userRole);
        insert->bind(7, request.runId);
        insert->bind(8, request.traceId);
        insert->bind(9, request.tool);
        insert->bind(10, request.action);
        insert->bind(11, request.resource);
        insert->bind(12, qint64(request.mutatesState ? 1 : 0));
        insert->bind(13, QString::fromUtf8(request.parametersJson));
        insert->bind(14, request.sourceTrust);
        insert->bind(15, QString::fromUtf8(request.contextJson));
        insert->bind(16, out->decision);
        insert->bind(17, out->riskLevel);
        insert->bind(18, qint64(out->riskScore));
        insert->bind(19, out->reason);
        insert->bind(20, QString::fromUtf8(EvidenceJson::serialize(out->matchedPolicies)));
        insert->bind(21, out->actionHash);
        insert->bind(22, out->receiptId);
        insert->bind(23, body.ts);
        if (!insert->exec()) {
            *error = QStringLiteral("writing the decision: %1").arg(insert->error());
            return false;
        }
    }
    AppendedReceipt appended;
    if (!m_appender.append(db, draft.tenantId, body, out->decisionId, &appended, error))
        return false;
    out->seq = appended.seq;
    out->receiptHash = appended.receiptHash;
    out->prevReceiptHash = appended.prevReceiptHash;
    out->signature = appended.signature;
    out->signerPublicKey = appended.signerPublicKey;
    out->signerKeyId = appended.signerKeyId;
    return true;
}

JsonValue RecordedAuthorization::response() const
{
    JsonValue receipt = JsonValue::object();
    receipt.insert("receipt_id", JsonValue(receiptId));
    receipt.insert("seq", JsonValue::fromInteger(seq));
    receipt.insert("receipt_hash", JsonValue(receiptHash));
    receipt.insert("prev_receipt_hash", JsonValue(prevReceiptHash));
    receipt.insert("canon_version", JsonValue(QStringLiteral("aegis-jcs-1")));
    if (!signature.isEmpty()) {
        receipt.insert("signature", JsonValue(signature));
        receipt.insert("signer_public_key", JsonValue(signerPublicKey));
        receipt.insert("signer_key_id", signerKeyId.isEmpty() ? JsonValue::null() : JsonValue(signerKeyId));
    }
    JsonValue object = JsonValue::object();
    object.insert("decision_id", JsonValue(decisionId));
    object.insert("decision", JsonValue(decision));
    object.insert("risk_level", JsonValue(riskLevel));
    object.insert("risk_score", JsonValue::fromInteger(riskScore));
    object.insert("reason", JsonValue(reason));
    object.insert("matched_policies", matchedPolicies);
    object.insert("action_hash", JsonValue(actionHash));
    object.insert("receipt", receipt);
    if (replayed)
        object.insert("replayed", JsonValue(true));
    return object;
}

} // namespace aegis
