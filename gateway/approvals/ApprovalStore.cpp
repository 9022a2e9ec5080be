#include "gateway/approvals/ApprovalStore.h"

#include "common/json/CanonicalJson.h"
#include "common/receipts/ActionHash.h"
#include "common/util/Timestamp.h"
#include "gateway/authz/AuthorizationRecorder.h"
#include "gateway/storage/StatementCache.h"

#include <QSqlError>
#include <QUuid>

namespace aegis {

namespace {

std::optional<Approval> findWhere(StatementCache &db, const QString &column, const QString &value, QString *error)
{
    auto row = db.prepared(Approval::selectSql() + QStringLiteral(" WHERE a.%1 = ?").arg(column));
    row->addBindValue(value);
    if (!row->exec()) {
        *error = row->lastError().text();
        return std::nullopt;
    }
    if (!row->next())
        return std::nullopt;
    return Approval::fromRow(*row);
}

} // namespace

bool ApprovalStore::create(StatementCache &db, const AuthorizationDraft &draft, const RecordedAuthorization &recorded,
                           std::chrono::milliseconds ttl, Approval *out, QString *error)
{
    // The same form as the action hash covers, so that a reviewer sees
    // exactly what the hash binds.
    const auto hashed = ActionHash::hashedToolCall(draft.request.toolCall, error);
    if (!hashed)
        return false;
    const auto toolCall = CanonicalJson::serialize(*hashed, error);
    if (!toolCall)
        return false;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    auto insert = db.prepared(QStringLiteral(
        "INSERT INTO approvals (id, tenant_id, agent_id, decision_id, action_hash, tool_call, reason, approver_group, "
        "status, created_at, expires_at, request_receipt_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'created', ?, ?, ?)"));
    for (const QVariant &value :
         {QVariant(id), QVariant(draft.tenantId), QVariant(draft.agentId), QVariant(recorded.decisionId),
          QVariant(recorded.actionHash), QVariant(QString::fromUtf8(*toolCall)), QVariant(recorded.reason),
          QVariant(draft.policy.approverGroup), QVariant(Timestamp::millis(now)),
          QVariant(Timestamp::millis(now.addMSecs(ttl.count()))), QVariant(recorded.receiptId)})
        insert->addBindValue(value);
    if (!insert->exec()) {
        *error = QStringLiteral("writing the approval: %1").arg(insert->lastError().text());
        return false;
    }
    const auto created = find(db, id, error);
    if (!created) {
        if (error->isEmpty())
            *error = QStringLiteral("the approval just written cannot be read");
        return false;
    }
    *out = *created;
    return true;
}

std::optional<Approval> ApprovalStore::find(StatementCache &db, const QString &id, QString *error)
{
    return findWhere(db, QStringLiteral("id"), id, error);
}

std::optional<Approval> ApprovalStore::findByDecision(StatementCache &db, const QString &decisionId, QString *error)
{
    return findWhere(db, QStringLiteral("decision_id"), decisionId, error);
}

} // namespace aegis
