#include "gateway/routes/ApprovalRoutes.h"

#include "common/receipts/EvidenceJson.h"
#include "common/util/Timestamp.h"
#include "gateway/GatewayLogging.h"
#include "gateway/app/GatewayContext.h"
#include "gateway/app/GatewayMetrics.h"
#include "gateway/approvals/ApprovalStore.h"
#include "gateway/approvals/ApprovalTransition.h"
#include "gateway/auth/Authenticator.h"
#include "gateway/authz/AuthorizationRecorder.h"
#include "gateway/http/Router.h"
#include "gateway/routes/PageRequest.h"
#include "gateway/routes/RequestBody.h"
#include "gateway/storage/StatementCache.h"
#include "gateway/storage/WriteQueue.h"

#include <QSqlError>

namespace aegis {

namespace {

using Outcome = ApprovalStep::Outcome;

HttpResponse conflict(const char *reason, const QString &message, const QString &approvalId)
{
    JsonValue body = JsonValue::object();
    body.insert("error", JsonValue(QStringLiteral("conflict")));
    body.insert("reason", JsonValue(QString::fromLatin1(reason)));
    body.insert("message", JsonValue(message));
    body.insert("status", JsonValue::fromInteger(409));
    body.insert("approval_id", JsonValue(approvalId));
    return HttpResponse::rawJson(409, EvidenceJson::serialize(body));
}

// The words for a refused step are made here, at the edge.
HttpResponse refusal(Outcome outcome, const ApprovalStep &step)
{
    const QString &id = step.approvalId;
    switch (outcome) {
    case Outcome::NotFound:
    case Outcome::Done:
        break;
    case Outcome::NotRequester:
        return HttpResponse::error(403, QStringLiteral("only the agent that asked, or an admin, may consume this approval"));
    case Outcome::AgentBlocked:
        return HttpResponse::error(403, QStringLiteral("the agent that asked is frozen or revoked; it may not run the call"));
    case Outcome::AlreadyDecided:
        return conflict("approval_already_decided", QStringLiteral("the approval was already decided"), id);
    case Outcome::Expired:
        return conflict("approval_expired", QStringLiteral("the approval expired; the call needs a new authorization"), id);
    case Outcome::NotApproved:
        return conflict("approval_not_approved", QStringLiteral("the approval is not approved"), id);
    case Outcome::AlreadyConsumed:
        return conflict("approval_already_consumed", QStringLiteral("the approval was already used once"), id);
    case Outcome::ActionHashMismatch:
        return conflict("action_hash_mismatch",
                        QStringLiteral("the claimed action hash is not the one of the call that was approved"), id);
    }
    return HttpResponse::error(404, QStringLiteral("no approval with id %1").arg(id));
}

JsonValue receiptJson(const ApprovalStep::Result &result)
{
    JsonValue receipt = JsonValue::object();
    receipt.insert("receipt_id", JsonValue(result.receiptId));
    receipt.insert("seq", JsonValue::fromInteger(result.receipt.seq));
    receipt.insert("receipt_hash", JsonValue(result.receipt.receiptHash));
    receipt.insert("prev_receipt_hash", JsonValue(result.receipt.prevReceiptHash));
    return receipt;
}

HttpResponse success(const ApprovalStep &step, const ApprovalStep::Result &result)
{
    if (step.kind != ApprovalStep::Kind::Consume) {
        JsonValue body = result.approval.toJson(QDateTime::currentDateTimeUtc());
        body.insert("receipt", receiptJson(result));
        return HttpResponse::rawJson(200, EvidenceJson::serialize(body));
    }
    JsonValue body = JsonValue::object();
    body.insert("status", JsonValue(QStringLiteral("consumed")));
    body.insert("approval_id", JsonValue(result.approval.id));
    body.insert("action_hash", JsonValue(result.approval.actionHash));
    body.insert("receipt", receiptJson(result));
    return HttpResponse::rawJson(200, EvidenceJson::serialize(body));
}

void runStep(GatewayContext &context, const HttpExchange &exchange, const ApprovalStep &step)
{
    auto result = std::make_shared<ApprovalStep::Result>();
    WriteQueue::Job job;
    job.work = [transition = ApprovalTransition(context.recorder.appender()), step, result](StatementCache &db,
                                                                                         QString *error) {
        return transition.apply(db, step, result.get(), error);
    };
    job.done = [exchange, step, result, &metrics = context.metrics](bool committed, const QString &error) {
        if (!committed) {
            qCWarning(lcHttp, "approval step not recorded: %s", qPrintable(error));
            exchange.respond(HttpResponse::error(500, QStringLiteral("the approval step could not be recorded; nothing changed")));
            return;
        }
        if (result->outcome != Outcome::Done) {
            exchange.respond(refusal(result->outcome, step));
            return;
        }
        metrics.recordReceipts(1);
        exchange.respond(success(step, *result));
    };
    context.writer.submit(std::move(job));
}

// approve and reject: {"approver": "...", "reason": "..."}.
void decide(GatewayContext &context, const HttpExchange &exchange, const QString &id, ApprovalStep::Kind kind)
{
    if (!context.auth.requireAdmin(exchange))
        return;
    const auto body = RequestBody::object(exchange, true);
    if (!body)
        return;
    const QJsonValue approver = body->value(QStringLiteral("approver"));
    if (!approver.isString() || approver.toString().trimmed().isEmpty() || approver.toString().size() > 200) {
        exchange.respond(HttpResponse::error(
            422, QStringLiteral("approver is required: the name of the person deciding, at most 200 characters")));
        return;
    }
    const QJsonValue reason = body->value(QStringLiteral("reason"));
    if (!reason.isUndefined() && !reason.isNull() && (!reason.isString() || reason.toString().size() > 2000)) {
        exchange.respond(HttpResponse::error(422, QStringLiteral("reason must be a string of at most 2000 characters")));
        return;
    }
    ApprovalStep step;
    step.kind = kind;
    step.approvalId = id;
    step.approver = approver.toString().trimmed();
    step.reason = reason.toString();
    runStep(context, exchange, step);
}

void consume(GatewayContext &context, const HttpExchange &exchange, const QString &id)
{
    // Frozen agents pass here only to be told below why they may not.
    const auto principal = context.auth.requireAny(exchange, Authenticator::FrozenAgents::OwnRecordsOnly);
    if (!principal)
        return;
    if (!principal->isAdmin() && principal->agentStatus != QLatin1String("active")) {
        exchange.respond(HttpResponse::error(403, QStringLiteral("the agent is %1; it may not run approved calls")
                                                      .arg(principal->agentStatus)));
        return;
    }
    const auto body = RequestBody::object(exchange, true);
    if (!body)
        return;
    ApprovalStep step;
    step.kind = ApprovalStep::Kind::Consume;
    step.approvalId = id;
    step.confinedTenant = principal->confinedTenant();
    step.requestingAgentId = principal->isAdmin() ? QString() : principal->agentId;
    const QJsonValue claimed = body->value(QStringLiteral("claimed_action_hash"));
    if (claimed.isString()) {
        step.claimedActionHash = claimed.toString();
    } else if (!claimed.isUndefined() && !claimed.isNull()) {
        exchange.respond(HttpResponse::error(422, QStringLiteral("claimed_action_hash must be a string")));
        return;
    }
    runStep(context, exchange, step);
}

void list(GatewayContext &context, const HttpExchange &exchange)
{
    const auto principal = context.auth.requireAny(exchange, Authenticator::FrozenAgents::OwnRecordsOnly);
    if (!principal)
        return;
    const auto page = PageRequest::parse(exchange);
    if (!page)
        return;
    const QUrlQuery &query = exchange.request().query;
    const QString now = Timestamp::millis(QDateTime::currentDateTimeUtc());
    QString sql = Approval::selectSql() + QStringLiteral(" WHERE ") + page->whereClause(QStringLiteral("a.num"));
    QVariantList binds;
    const QString tenant = principal->isAdmin() ? query.queryItemValue(QStringLiteral("tenant_id")) : principal->tenantId;
    if (!tenant.isEmpty()) {
        sql += QStringLiteral(" AND a.tenant_id = ?");
        binds << tenant;
    }
    if (const QString agent = principal->confinedAgent().isEmpty() ? query.queryItemValue(QStringLiteral("agent_id"))
                                                                   : principal->confinedAgent();
        !agent.isEmpty()) {
        sql += QStringLiteral(" AND a.agent_id = ?");
        binds << agent;
    }
    if (const QString statusText = query.queryItemValue(QStringLiteral("status")); !statusText.isEmpty()) {
        const auto status = Approval::parseStatus(statusText);
        if (!status) {
            exchange.respond(HttpResponse::error(
                400, QStringLiteral("status must be created (or pending), approved, rejected, expired or consumed")));
            return;
        }
        switch (*status) {
        case Approval::Status::Created:
            sql += QStringLiteral(" AND a.status = 'created' AND a.expires_at > ?");
            binds << now;
            break;
        case Approval::Status::Expired:
            sql += QStringLiteral(" AND a.status = 'created' AND a.expires_at <= ?");
            binds << now;
            break;
        default:
            sql += QStringLiteral(" AND a.status = ?");
            binds << Approval::statusText(*status);
            break;
        }
    }
    sql += QStringLiteral(" ORDER BY %1 %2").arg(page->orderClause(QStringLiteral("a.num")), page->limitClause());
    auto rows = context.http.prepared(sql);
    for (const QVariant &value : binds)
        rows->addBindValue(value);
    if (!rows->exec()) {
        exchange.respond(HttpResponse::error(500, rows->lastError().text()));
        return;
    }
    const QDateTime at = Timestamp::parse(now);
    JsonValue array = JsonValue::array();
    qint64 lastNum = -1;
    bool more = false;
    while (rows->next()) {
        if (array.size() == page->limit) {
            more = true;
            break;
        }
        const Approval approval = Approval::fromRow(*rows);
        array.append(approval.toJson(at));
        lastNum = approval.num;
    }
    HttpResponse response = HttpResponse::rawJson(200, EvidenceJson::serialize(array));
    if (more)
        response.withHeader("X-Next-Cursor", PageRequest::encodeCursor(lastNum));
    exchange.respond(response);
}

void one(GatewayContext &context, const HttpExchange &exchange, const QString &id)
{
    const auto principal = context.auth.requireAny(exchange, Authenticator::FrozenAgents::OwnRecordsOnly);
    if (!principal)
        return;
    QString error;
    const auto approval = ApprovalStore::find(context.http, id, &error);
    if (!error.isEmpty()) {
        exchange.respond(HttpResponse::error(500, error));
        return;
    }
    if (!approval || (!principal->isAdmin() && approval->tenantId != principal->tenantId)
        || (!principal->confinedAgent().isEmpty() && approval->agentId != principal->confinedAgent())) {
        exchange.respond(HttpResponse::error(404, QStringLiteral("no approval with id %1").arg(id)));
        return;
    }
    exchange.respond(
        HttpResponse::rawJson(200, EvidenceJson::serialize(approval->toJson(QDateTime::currentDateTimeUtc()))));
}

} // namespace

void ApprovalRoutes::registerOn(Router &router, GatewayContext &context)
{
    router.add({"GET"}, QStringLiteral("/v1/approvals"), [&context](const HttpExchange &exchange, const RouteParams &) {
        list(context, exchange);
    });
    router.add({"GET"}, QStringLiteral("/v1/approvals/{id}"),
               [&context](const HttpExchange &exchange, const RouteParams &params) {
        one(context, exchange, params.value(QStringLiteral("id")));
    });
    router.add({"POST"}, QStringLiteral("/v1/approvals/{id}/approve"),
               [&context](const HttpExchange &exchange, const RouteParams &params) {
        decide(context, exchange, params.value(QStringLiteral("id")), ApprovalStep::Kind::Approve);
    });
    router.add({"POST"}, QStringLiteral("/v1/approvals/{id}/reject"),
               [&context](const HttpExchange &exchange, const RouteParams &params) {
        decide(context, exchange, params.value(QStringLiteral("id")), ApprovalStep::Kind::Reject);
    });
    router.add({"POST"}, QStringLiteral("/v1/approvals/{id}/consume"),
               [&context](const HttpExchange &exchange, const RouteParams &params) {
        consume(context, exchange, params.value(QStringLiteral("id")));
    });
}

} // namespace aegis
