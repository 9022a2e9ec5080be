#include "gateway/authz/ReceiptAppender.h"

#include "gateway/storage/StatementCache.h"

#include <QUuid>

namespace aegis {

ReceiptAppender::ReceiptAppender(std::optional<Ed25519Signer> signer)
    : m_signer(std::move(signer))
{
}

QString ReceiptAppender::newReceiptId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

bool ReceiptAppender::append(StatementCache &db, const QString &tenantId, ReceiptBody body, const QString &decisionId,
                             AppendedReceipt *out, QString *error) const
{
    qint64 headSeq = 0;
    QString headHash = QStringLiteral(""); // not null: the column is NOT NULL and "" marks the genesis
    {
        auto head = db.native("SELECT seq, receipt_hash FROM receipts WHERE tenant_id = ?1 ORDER BY seq DESC LIMIT 1");
        head->bind(1, tenantId);
        if (head->next()) {
            headSeq = head->integer(0);
            headHash = head->text(1);
        } else if (head->failed()) {
            *error = QStringLiteral("reading the chain head: %1").arg(head->error());
            return false;
        }
    }
    body.prevReceiptHash = headHash;
    const auto receiptHash = body.receiptHash(error);
    if (!receiptHash)
        return false;
    out->seq = headSeq + 1;
    out->prevReceiptHash = headHash;
    out->receiptHash = *receiptHash;
    if (m_signer) {
        out->signature = m_signer->sign(out->receiptHash.toLatin1());
        out->signerPublicKey = m_signer->publicKeyHex();
        out->signerKeyId = m_signer->keyId();
    }

    auto insert = db.native(
        "INSERT INTO receipts (tenant_id, seq, event_id, ts, agent_id, user_id, run_id, trace_id, tool, action, "
        "resource, source_trust, decision, approver, action_hash, prev_receipt_hash, receipt_hash, decision_id, "
        "canon_version, signature, signer_public_key, signer_key_id, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, 'aegis-jcs-1', "
        "?19, ?20, ?21, ?22)");
    auto optional = [](const QString &text) { return text.isEmpty() ? std::optional<QString>() : std::optional(text); };
    insert->bind(1, tenantId);
    insert->bind(2, out->seq);
    insert->bind(3, body.eventId);
    insert->bind(4, body.ts);
    insert->bind(5, body.agentId);
    insert->bind(6, body.userId);
    insert->bind(7, body.runId);
    insert->bind(8, body.traceId);
    insert->bind(9, body.tool);
    insert->bind(10, body.action);
    insert->bind(11, body.resource);
    insert->bind(12, body.sourceTrust);
    insert->bind(13, body.decision);
    insert->bind(14, body.approver);
    insert->bind(15, body.actionHash);
    insert->bind(16, headHash);
    insert->bind(17, out->receiptHash);
    insert->bind(18, optional(decisionId));
    insert->bind(19, optional(out->signature));
    insert->bind(20, optional(out->signerPublicKey));
    insert->bind(21, optional(out->signerKeyId));
    insert->bind(22, body.ts);
    if (!insert->exec()) {
        *error = QStringLiteral("writing the receipt: %1").arg(insert->error());
        return false;
    }
    return true;
}

} // namespace aegis
