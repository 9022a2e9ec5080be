#include "gateway/authz/AuthorizationRecorder.h"

#include "common/json/JsonValue.h"
#include "common/receipts/ReceiptBody.h"
#include "common/util/Timestamp.h"
#include "gateway/authz/TimeOrderedUuid.h"
#include "gateway/routes/EvidenceJson.h"
#include "gateway/storage/StatementCache.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QUuid>

namespace aegis {

namespace {

QVariant nullable(const std::optional<QString> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType::fromType<QString>());
}

QVariant nullableText(const QString &value)
{
    return value.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

bool failed(QSqlQuery &query, const char *what, QString *error)
{
    *error = QStringLiteral("%1: %2").arg(QLatin1String(what), query.lastError().text());
    return false;
}

} // namespace

AuthorizationRecorder::AuthorizationRecorder(std::optional<Ed25519Signer> signer)
    : m_signer(std::move(signer))
{
}

bool AuthorizationRecorder::findPrevious(StatementCache &db, const AuthorizationDraft &draft,
                                         RecordedAuthorization *out, bool *found, QString *error) const
{
    *found = false;
    if (!draft.request.requestId)
        return true;
    auto query = db.prepared(QStringLiteral(
        "SELECT d.id, d.decision, d.risk_level, d.risk_score, d.reason, d.matched_policies, d.action_hash, "
        "r.event_id, r.seq, r.receipt_hash, r.prev_receipt_hash, r.signature, r.signer_public_key, r.signer_key_id "
        "FROM decisions d JOIN receipts r ON r.event_id = d.receipt_id "
        "WHERE d.agent_id = ? AND d.request_id = ?"));
    query->addBindValue(draft.agentId);
    query->addBindValue(*draft.request.requestId);
    if (!query->exec())
        return failed(*query, "looking up the request id", error);
    if (!query->next())
        return true;
    *found = true;
    out->replayed = true;
    out->decisionId = query->value(0).toString();
    out->decision = query->value(1).toString();
    out->riskLevel = query->value(2).toString();
    out->riskScore = query->value(3).toInt();
    out->reason = query->value(4).toString();
    out->matchedPoliciesJson = query->value(5).toByteArray();
    out->actionHash = query->value(6).toString();
    out->receiptId = query->value(7).toString();
    out->seq = query->value(8).toLongLong();
    out->receiptHash = query->value(9).toString();
    out->prevReceiptHash = query->value(10).toString();
    out->signature = query->value(11).toString();
    out->signerPublicKey = query->value(12).toString();
    out->signerKeyId = query->value(13).toString();
    return true;
}

bool AuthorizationRecorder::record(StatementCache &db, const AuthorizationDraft &draft, RecordedAuthorization *out,
                                   QString *error) const
{
    bool found = false;
    if (!findPrevious(db, draft, out, &found, error))
        return false;
    if (found)
        return true;

    qint64 headSeq = 0;
    QString headHash = QStringLiteral(""); // not null: the column is NOT NULL and "" marks the genesis
    {
        auto head = db.prepared(QStringLiteral(
            "SELECT seq, receipt_hash FROM receipts WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1"));
        head->addBindValue(draft.tenantId);
        if (!head->exec())
            return failed(*head, "reading the chain head", error);
        if (head->next()) {
            headSeq = head->value(0).toLongLong();
            headHash = head->value(1).toString();
        }
    }

    const AuthorizeRequest &request = draft.request;
    out->replayed = false;
    out->decisionId = TimeOrderedUuid::generate();
    out->receiptId = newId();
    out->decision = draft.policy.decision;
    out->riskLevel = draft.policy.riskLevel;
    out->riskScore = draft.policy.riskScore;
    out->reason = draft.policy.reason;
    out->matchedPoliciesJson =
        QJsonDocument(QJsonArray::fromStringList(draft.policy.matchedPolicies)).toJson(QJsonDocument::Compact);
    out->actionHash = draft.actionHash;
    out->seq = headSeq + 1;
    out->prevReceiptHash = headHash;

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
    body.prevReceiptHash = headHash;
    const auto receiptHash = body.receiptHash(error);
    if (!receiptHash)
        return false;
    out->receiptHash = *receiptHash;
    if (m_signer) {
        out->signature = m_signer->sign(out->receiptHash.toLatin1());
        out->signerPublicKey = m_signer->publicKeyHex();
        out->signerKeyId = m_signer->keyId();
    }

    {
        auto insert = db.prepared(QStringLiteral(
            "INSERT INTO decisions (id, tenant_id, agent_id, request_id, user_id, user_role, run_id, trace_id, tool, "
            "action, resource, mutates_state, parameters, source_trust, context, decision, risk_level, risk_score, "
            "reason, matched_policies, action_hash, receipt_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const QVariant &value :
             {QVariant(out->decisionId), QVariant(draft.tenantId), QVariant(draft.agentId), nullable(request.requestId),
              nullable(request.userId), nullable(request.userRole), nullable(request.runId), nullable(request.traceId),
              QVariant(request.tool), QVariant(request.action), nullable(request.resource),
              QVariant(request.mutatesState ? 1 : 0), QVariant(QString::fromUtf8(request.parametersJson)),
              QVariant(request.sourceTrust), QVariant(QString::fromUtf8(request.contextJson)), QVariant(out->decision),
              QVariant(out->riskLevel), QVariant(out->riskScore), QVariant(out->reason),
              QVariant(QString::fromUtf8(out->matchedPoliciesJson)), QVariant(out->actionHash),
              QVariant(out->receiptId), QVariant(body.ts)})
            insert->addBindValue(value);
        if (!insert->exec())
            return failed(*insert, "writing the decision", error);
    }
    {
        auto insert = db.prepared(QStringLiteral(
            "INSERT INTO receipts (tenant_id, seq, event_id, ts, agent_id, user_id, run_id, trace_id, tool, action, "
            "resource, source_trust, decision, approver, action_hash, prev_receipt_hash, receipt_hash, decision_id, "
            "canon_version, signature, signer_public_key, signer_key_id, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, 'aegis-jcs-1', ?, ?, ?, ?)"));
        for (const QVariant &value :
             {QVariant(draft.tenantId), QVariant(out->seq), QVariant(out->receiptId), QVariant(body.ts),
              QVariant(draft.agentId), nullable(request.userId), nullable(request.runId), nullable(request.traceId),
              QVariant(request.tool), QVariant(request.action), nullable(request.resource),
              QVariant(request.sourceTrust), QVariant(out->decision), QVariant(out->actionHash), QVariant(headHash),
              QVariant(out->receiptHash), QVariant(out->decisionId), nullableText(out->signature),
              nullableText(out->signerPublicKey), nullableText(out->signerKeyId), QVariant(body.ts)})
            insert->addBindValue(value);
        if (!insert->exec())
            return failed(*insert, "writing the receipt", error);
    }
    return true;
}

QByteArray RecordedAuthorization::responseJson() const
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
    const QJsonArray matched = QJsonDocument::fromJson(matchedPoliciesJson).array();
    object.insert("matched_policies", JsonValue::fromQJsonValue(matched));
    object.insert("action_hash", JsonValue(actionHash));
    object.insert("receipt", receipt);
    if (replayed)
        object.insert("replayed", JsonValue(true));
    return EvidenceJson::serialize(object);
}

} // namespace aegis
