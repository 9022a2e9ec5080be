#include "gateway/routes/AuthorizeRoutes.h"

#include "common/receipts/ActionHash.h"
#include "common/receipts/EvidenceJson.h"
#include "common/util/LogThrottle.h"
#include "gateway/GatewayLogging.h"
#include "gateway/app/GatewayContext.h"
#include "gateway/app/GatewayMetrics.h"
#include "gateway/approvals/ApprovalStore.h"
#include "gateway/auth/Authenticator.h"
#include "gateway/authz/AuthorizationRecorder.h"
#include "gateway/authz/PolicyStore.h"
#include "gateway/config/GatewayConfig.h"
#include "gateway/http/Router.h"
#include "gateway/routes/RequestBody.h"
#include "gateway/storage/WriteQueue.h"

namespace aegis {

namespace {

HttpResponse unprocessable(const AuthorizeRequest::Problem &problem)
{
    JsonValue body = JsonValue::object();
    body.insert("error", JsonValue(QStringLiteral("unprocessable")));
    body.insert("message", JsonValue(problem.message));
    body.insert("status", JsonValue::fromInteger(422));
    body.insert("field", JsonValue(problem.field));
    return HttpResponse::rawJson(422, EvidenceJson::serialize(body));
}

// A frozen or revoked agent is denied, and the attempt is evidence too.
HttpResponse refusedAgent(const RecordedAuthorization &recorded, const QString &status)
{
    JsonValue body = recorded.response();
    body.insert("error", JsonValue(QStringLiteral("forbidden")));
    body.insert("message", JsonValue(QStringLiteral("the agent is %1; the call is denied").arg(status)));
    body.insert("status", JsonValue::fromInteger(403));
    return HttpResponse::rawJson(403, EvidenceJson::serialize(body));
}

// Both hashes, so that a client can see which of its calls holds the id.
HttpResponse idempotencyConflict(const IdempotencyConflict &conflict)
{
    JsonValue body = JsonValue::object();
    body.insert("error", JsonValue(QStringLiteral("idempotency_conflict")));
    body.insert("message", JsonValue(QStringLiteral("request_id %1 was used for a different request (%2 differ); "
                                                    "nothing was recorded and this call is NOT authorized")
                                         .arg(conflict.requestId, conflict.differing.join(QStringLiteral(", ")))));
    body.insert("status", JsonValue::fromInteger(409));
    body.insert("request_id", JsonValue(conflict.requestId));
    body.insert("original_action_hash", JsonValue(conflict.originalActionHash));
    body.insert("action_hash", JsonValue(conflict.actionHash));
    JsonValue differing = JsonValue::array();
    for (const QString &part : conflict.differing)
        differing.append(JsonValue(part));
    body.insert("differing", differing);
    return HttpResponse::rawJson(409, EvidenceJson::serialize(body));
}

// A require_approval decision opens an approval for exactly this call (a
// replayed request id finds the one it opened the first time).
bool openApproval(StatementCache &db, const AuthorizationDraft &draft, const RecordedAuthorization &recorded,
                  std::chrono::milliseconds ttl, std::optional<Approval> *out, QString *error)
{
    if (recorded.decision != QLatin1String("require_approval"))
        return true;
    if (recorded.replayed) {
        *out = ApprovalStore::findByDecision(db, recorded.decisionId, error);
        return error->isEmpty();
    }
    Approval approval;
    if (!ApprovalStore::create(db, draft, recorded, ttl, &approval, error))
        return false;
    *out = approval;
    return true;
}

HttpResponse answer(const RecordedAuthorization &recorded, const std::optional<Approval> &approval)
{
    JsonValue body = recorded.response();
    if (approval)
        body.insert("approval", approval->offerJson());
    return HttpResponse::rawJson(200, EvidenceJson::serialize(body));
}

} // namespace

void AuthorizeRoutes::registerOn(Router &router, GatewayContext &context)
{
    // A full disk fails every authorization alike: one line per interval, with a count.
    auto notRecordedLog = std::make_shared<LogThrottle>(std::chrono::seconds(10));
    router.add({"POST"}, QStringLiteral("/v1/authorize"), [&context, notRecordedLog](const HttpExchange &exchange,
                                                                                     const RouteParams &) {
        const auto principal = context.auth.requireAgent(exchange);
        if (!principal)
            return;
        const auto body = RequestBody::exactObject(exchange);
        if (!body)
            return;
        AuthorizeRequest::Problem problem;
        auto request = AuthorizeRequest::parse(*body, &problem);
        if (!request) {
            exchange.respond(unprocessable(problem));
            return;
        }
        QString error;
        const auto actionHash = ActionHash::compute(request->toolCall, &error);
        if (!actionHash) {
            exchange.respond(unprocessable({QStringLiteral("tool_call"), error}));
            return;
        }

        AuthorizationDraft draft;
        draft.tenantId = principal->tenantId;
        draft.agentId = principal->agentId;
        draft.actionHash = *actionHash;
        const bool agentBlocked = principal->agentStatus != QLatin1String("active");
        if (agentBlocked) {
            // Idempotency is not honoured for a blocked agent: a replayed
            // request id must not fetch an earlier "allow".
            request->requestId.reset();
            draft.policy = {QStringLiteral("deny"), QStringLiteral("high"), PolicyRule::riskScore(QStringLiteral("high")),
                            QStringLiteral("the agent is %1").arg(principal->agentStatus), {}};
        } else {
            const auto policy = context.policies.load(context.http, principal->tenantId, &error);
            if (!error.isEmpty())
                qCWarning(lcHttp, "%s", qPrintable(error));
            draft.policy = PolicyEngine::decide(policy ? policy->rules : QList<PolicyRule>{}, request->tool,
                                                request->action, request->resource, request->mutatesState);
        }
        draft.request = std::move(*request);

        auto recorded = std::make_shared<RecordedAuthorization>();
        auto approval = std::make_shared<std::optional<Approval>>();
        WriteQueue::Job job;
        job.work = [&recorder = context.recorder, draft, recorded, approval,
                    ttl = context.config.approvalTtl](StatementCache &db, QString *jobError) {
            return recorder.record(db, draft, recorded.get(), jobError)
                && openApproval(db, draft, *recorded, ttl, approval.get(), jobError);
        };
        job.done = [exchange, recorded, approval, agentBlocked, status = principal->agentStatus,
                    &metrics = context.metrics, notRecordedLog](bool committed, const QString &jobError) {
            if (!committed) {
                notRecordedLog->warn(lcHttp(), QStringLiteral("authorization not recorded: %1").arg(jobError));
                exchange.respond(HttpResponse::error(
                    500, QStringLiteral("the decision could not be recorded, so the call is NOT authorized; retry later")));
                return;
            }
            if (recorded->conflict) {
                exchange.respond(idempotencyConflict(*recorded->conflict));
                return;
            }
            if (!recorded->replayed) {
                metrics.recordDecision(recorded->decision);
                metrics.recordReceipts(1);
            }
            exchange.respond(agentBlocked ? refusedAgent(*recorded, status) : answer(*recorded, *approval));
        };
        context.writer.submit(std::move(job));
    });
}

} // namespace aegis
