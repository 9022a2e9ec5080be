#include "gateway/routes/AgentRoutes.h"

#include "common/util/Timestamp.h"
#include "gateway/app/GatewayContext.h"
#include "gateway/auth/AgentToken.h"
#include "gateway/auth/Authenticator.h"
#include "gateway/authz/PolicyRule.h"
#include "gateway/http/Router.h"
#include "gateway/routes/PageRequest.h"
#include "gateway/routes/RequestBody.h"
#include "gateway/storage/StatementCache.h"
#include "gateway/storage/WriteQueue.h"

#include <QJsonArray>
#include <QSqlError>
#include <QUuid>

namespace aegis {

namespace {

const QString AgentColumns = QStringLiteral(
    "id, agent_key, tenant_id, name, environment, risk_tier, status, created_at, updated_at, num");

QJsonValue nullableText(const QVariant &value)
{
    return value.isNull() ? QJsonValue() : QJsonValue(value.toString());
}

QJsonObject agentJson(const QSqlQuery &row)
{
    return {
        {QStringLiteral("id"), row.value(0).toString()},
        {QStringLiteral("agent_key"), row.value(1).toString()},
        {QStringLiteral("tenant_id"), row.value(2).toString()},
        {QStringLiteral("name"), nullableText(row.value(3))},
        {QStringLiteral("environment"), nullableText(row.value(4))},
        {QStringLiteral("risk_tier"), nullableText(row.value(5))},
        {QStringLiteral("status"), row.value(6).toString()},
        {QStringLiteral("created_at"), row.value(7).toString()},
        {QStringLiteral("updated_at"), row.value(8).toString()},
    };
}

bool isStatus(const QString &status)
{
    return status == QLatin1String("active") || status == QLatin1String("frozen") || status == QLatin1String("revoked")
        || status == QLatin1String("deleted");
}

// Optional short text field of a registration; an error text or empty.
QString optionalField(const QJsonObject &body, const QString &key, QVariant *out)
{
    const QJsonValue value = body.value(key);
    if (value.isUndefined() || value.isNull()) {
        *out = QVariant(QMetaType::fromType<QString>());
        return {};
    }
    if (!value.isString() || value.toString().size() > 200)
        return QStringLiteral("%1 must be a string of at most 200 characters").arg(key);
    *out = value.toString();
    return {};
}

void registerAgent(GatewayContext &context, const HttpExchange &exchange)
{
    if (!context.auth.requireAdmin(exchange))
        return;
    const auto body = RequestBody::object(exchange);
    if (!body)
        return;
    const QString agentKey = body->value(QStringLiteral("agent_key")).toString();
    if (agentKey.isEmpty() || agentKey.size() > 200) {
        exchange.respond(HttpResponse::error(422, QStringLiteral("agent_key is required: a string of 1 to 200 characters")));
        return;
    }
    const QJsonValue tenantValue = body->value(QStringLiteral("tenant_id"));
    if (!tenantValue.isUndefined() && !tenantValue.isNull() && !tenantValue.isString()) {
        exchange.respond(HttpResponse::error(422, QStringLiteral("tenant_id must be a string")));
        return;
    }
    const QString tenantId = tenantValue.toString().isEmpty() ? QStringLiteral("default") : tenantValue.toString();
    QVariant name, environment, riskTier;
    for (const auto &[key, out] : {std::pair{QStringLiteral("name"), &name},
                                   std::pair{QStringLiteral("environment"), &environment},
                                   std::pair{QStringLiteral("risk_tier"), &riskTier}}) {
        if (const QString problem = optionalField(*body, key, out); !problem.isEmpty()) {
            exchange.respond(HttpResponse::error(422, problem));
            return;
        }
    }
    if (!riskTier.isNull() && !PolicyRule::isRiskLevel(riskTier.toString())) {
        exchange.respond(HttpResponse::error(422, QStringLiteral("risk_tier must be low, medium, high or critical")));
        return;
    }

    const QByteArray token = AgentToken::generate();
    const QString tokenHash = Authenticator::tokenSha256Hex(token);
    const QString now = Timestamp::millis(QDateTime::currentDateTimeUtc());
    struct Outcome
    {
        bool tenantMissing = false;
        bool created = false;
        QJsonObject agent;
    };
    auto outcome = std::make_shared<Outcome>();

    WriteQueue::Job job;
    job.work = [=](StatementCache &db, QString *error) {
        auto fail = [error](QSqlQuery &query) {
            *error = query.lastError().text();
            return false;
        };
        {
            auto tenant = db.prepared(QStringLiteral("SELECT 1 FROM tenants WHERE id = ?"));
            tenant->addBindValue(tenantId);
            if (!tenant->exec())
                return fail(*tenant);
            if (!tenant->next()) {
                outcome->tenantMissing = true;
                return true;
            }
        }
        QString id;
        {
            auto existing = db.prepared(QStringLiteral("SELECT id FROM agents WHERE tenant_id = ? AND agent_key = ?"));
            existing->addBindValue(tenantId);
            existing->addBindValue(agentKey);
            if (!existing->exec())
                return fail(*existing);
            if (existing->next())
                id = existing->value(0).toString();
        }
        if (id.isEmpty()) {
            id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            auto insert = db.prepared(QStringLiteral(
                "INSERT INTO agents (id, tenant_id, agent_key, name, environment, risk_tier, status, token_sha256, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?)"));
            for (const QVariant &value : {QVariant(id), QVariant(tenantId), QVariant(agentKey), name, environment,
                                          riskTier, QVariant(tokenHash), QVariant(now), QVariant(now)})
                insert->addBindValue(value);
            if (!insert->exec())
                return fail(*insert);
            outcome->created = true;
        } else {
            // Re-registration rotates the token; the status stays as it was
            // (re-registering must not revive a revoked agent).
            auto update = db.prepared(QStringLiteral(
                "UPDATE agents SET token_sha256 = ?, name = coalesce(?, name), environment = coalesce(?, environment), "
                "risk_tier = coalesce(?, risk_tier), updated_at = ? WHERE id = ?"));
            for (const QVariant &value : {QVariant(tokenHash), name, environment, riskTier, QVariant(now), QVariant(id)})
                update->addBindValue(value);
            if (!update->exec())
                return fail(*update);
        }
        auto read = db.prepared(QStringLiteral("SELECT %1 FROM agents WHERE id = ?").arg(AgentColumns));
        read->addBindValue(id);
        if (!read->exec() || !read->next())
            return fail(*read);
        outcome->agent = agentJson(*read);
        return true;
    };
    job.done = [exchange, outcome, token, tenantId](bool committed, const QString &error) {
        if (!committed) {
            exchange.respond(HttpResponse::error(500, QStringLiteral("the agent could not be stored: %1").arg(error)));
            return;
        }
        if (outcome->tenantMissing) {
            exchange.respond(HttpResponse::error(404, QStringLiteral("tenant '%1' does not exist").arg(tenantId)));
            return;
        }
        QJsonObject answer = outcome->agent;
        // Shown this once; only its hash is stored.
        answer.insert(QStringLiteral("agent_token"), QString::fromLatin1(token));
        exchange.respond(HttpResponse::json(outcome->created ? 201 : 200, answer));
    };
    context.writer.submit(std::move(job));
}

// Sets an agent's status. `from` empty: from any status; otherwise another
// current status is 409 and nothing changes. `verbAnswer` wraps the agent in
// the {"status":"success",...} answer that the SDK's verbs expect.
void setStatus(GatewayContext &context, const HttpExchange &exchange, const QString &id, const QString &status,
               const QStringList &from, bool verbAnswer)
{
    const QString now = Timestamp::millis(QDateTime::currentDateTimeUtc());
    struct Outcome
    {
        QJsonObject agent;
        QString refusedFrom; // the status that did not allow the change
    };
    auto outcome = std::make_shared<Outcome>();
    WriteQueue::Job job;
    job.work = [id, status, from, now, outcome](StatementCache &db, QString *error) {
        auto read = [&]() {
            auto row = db.prepared(QStringLiteral("SELECT %1 FROM agents WHERE id = ?").arg(AgentColumns));
            row->addBindValue(id);
            if (!row->exec()) {
                *error = row->lastError().text();
                return false;
            }
            outcome->agent = row->next() ? agentJson(*row) : QJsonObject();
            return true;
        };
        if (!read())
            return false;
        if (outcome->agent.isEmpty())
            return true;
        const QString current = outcome->agent.value(QStringLiteral("status")).toString();
        // Deletion is final: the agent's token must never come back to life.
        const bool leavesDeleted = current == QLatin1String("deleted") && status != current;
        if (leavesDeleted || (!from.isEmpty() && !from.contains(current))) {
            outcome->refusedFrom = current;
            return true;
        }
        auto update = db.prepared(QStringLiteral("UPDATE agents SET status = ?, updated_at = ? WHERE id = ?"));
        update->addBindValue(status);
        update->addBindValue(now);
        update->addBindValue(id);
        if (!update->exec()) {
            *error = update->lastError().text();
            return false;
        }
        return read();
    };
    job.done = [exchange, id, status, outcome, verbAnswer](bool committed, const QString &error) {
        if (!committed) {
            exchange.respond(HttpResponse::error(500, QStringLiteral("the agent could not be updated: %1").arg(error)));
        } else if (outcome->agent.isEmpty()) {
            exchange.respond(HttpResponse::error(404, QStringLiteral("no agent with id %1").arg(id)));
        } else if (!outcome->refusedFrom.isEmpty()) {
            exchange.respond(HttpResponse::error(
                409, QStringLiteral("the agent is %1 and cannot become %2%3")
                         .arg(outcome->refusedFrom, status,
                              outcome->refusedFrom == QLatin1String("deleted") ? QStringLiteral(" (deletion is final)")
                                                                               : QString())));
        } else if (!verbAnswer) {
            exchange.respond(HttpResponse::json(200, outcome->agent));
        } else {
            exchange.respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("success")},
                                                                 {QStringLiteral("agent_id"), id},
                                                                 {QStringLiteral("agent_status"), status},
                                                                 {QStringLiteral("agent"), outcome->agent}}));
        }
    };
    context.writer.submit(std::move(job));
}

} // namespace

void AgentRoutes::registerOn(Router &router, GatewayContext &context)
{
    const RouteHandler registration = [&context](const HttpExchange &exchange, const RouteParams &) {
        registerAgent(context, exchange);
    };
    router.add({"POST"}, QStringLiteral("/v1/agents/register"), registration);

    router.add({"GET", "POST"}, QStringLiteral("/v1/agents"), [&context](const HttpExchange &exchange, const RouteParams &) {
        if (exchange.request().method == "POST") {
            registerAgent(context, exchange);
            return;
        }
        const auto principal = context.auth.requireAny(exchange);
        if (!principal)
            return;
        const auto page = PageRequest::parse(exchange);
        if (!page)
            return;
        const QUrlQuery &query = exchange.request().query;
        // Never a null QString: QtSql binds that as NULL, and "? = ''" below
        // would then never hold.
        QString tenant = query.queryItemValue(QStringLiteral("tenant_id"));
        if (!principal->isAdmin())
            tenant = principal->tenantId;
        if (tenant.isNull())
            tenant = QStringLiteral("");
        QString status = query.queryItemValue(QStringLiteral("status"));
        if (status.isNull())
            status = QStringLiteral("");
        if (!status.isEmpty() && !isStatus(status)) {
            exchange.respond(HttpResponse::error(400, QStringLiteral("status must be active, frozen, revoked or deleted")));
            return;
        }
        QString sql = QStringLiteral("SELECT %1 FROM agents WHERE %2 AND (? = '' OR tenant_id = ?) AND ")
                          .arg(AgentColumns, page->whereClause(QStringLiteral("num")));
        sql += status.isEmpty() ? QStringLiteral("status <> 'deleted' AND ? = ''") : QStringLiteral("status = ?");
        sql += QStringLiteral(" ORDER BY %1 %2").arg(page->orderClause(QStringLiteral("num")), page->limitClause());
        auto rows = context.http.prepared(sql);
        rows->addBindValue(tenant);
        rows->addBindValue(tenant);
        rows->addBindValue(status);
        if (!rows->exec()) {
            exchange.respond(HttpResponse::error(500, rows->lastError().text()));
            return;
        }
        QJsonArray agents;
        qint64 lastNum = -1;
        bool more = false;
        while (rows->next()) {
            if (agents.size() == page->limit) {
                more = true;
                break;
            }
            agents.append(agentJson(*rows));
            lastNum = rows->value(9).toLongLong();
        }
        HttpResponse response = HttpResponse::json(200, agents);
        if (more)
            response.withHeader("X-Next-Cursor", PageRequest::encodeCursor(lastNum));
        exchange.respond(response);
    });

    router.add({"GET", "PATCH"}, QStringLiteral("/v1/agents/{id}"),
               [&context](const HttpExchange &exchange, const RouteParams &params) {
        const QString id = params.value(QStringLiteral("id"));
        if (exchange.request().method != "PATCH") {
            // Admin only (API.md): an agent's record names its environment and risk tier.
            if (!context.auth.requireAdmin(exchange))
                return;
            auto row = context.http.prepared(QStringLiteral("SELECT %1 FROM agents WHERE id = ?").arg(AgentColumns));
            row->addBindValue(id);
            if (!row->exec()) {
                exchange.respond(HttpResponse::error(500, row->lastError().text()));
                return;
            }
            if (!row->next()) {
                exchange.respond(HttpResponse::error(404, QStringLiteral("no agent with id %1").arg(id)));
                return;
            }
            exchange.respond(HttpResponse::json(200, agentJson(*row)));
            return;
        }

        if (!context.auth.requireAdmin(exchange))
            return;
        const auto body = RequestBody::object(exchange);
        if (!body)
            return;
        const QString status = body->value(QStringLiteral("status")).toString();
        if (!isStatus(status)) {
            exchange.respond(HttpResponse::error(422, QStringLiteral("status must be active, frozen, revoked or deleted")));
            return;
        }
        setStatus(context, exchange, id, status, {}, false);
    });

    // The reference SDK's verbs: the PATCH's effect, with the states each
    // one may start from (a revoked agent stays revoked).
    const struct
    {
        const char *verb;
        const char *status;
        QStringList from;
    } verbs[] = {
        {"freeze", "frozen", {QStringLiteral("active"), QStringLiteral("frozen")}},
        {"unfreeze", "active", {QStringLiteral("frozen"), QStringLiteral("active")}},
        {"revoke", "revoked", {QStringLiteral("active"), QStringLiteral("frozen"), QStringLiteral("revoked")}},
    };
    for (const auto &verb : verbs) {
        router.add({"POST"}, QStringLiteral("/v1/agents/{id}/%1").arg(QLatin1String(verb.verb)),
                   [&context, status = QString::fromLatin1(verb.status), from = verb.from](
                       const HttpExchange &exchange, const RouteParams &params) {
            if (!context.auth.requireAdmin(exchange))
                return;
            setStatus(context, exchange, params.value(QStringLiteral("id")), status, from, true);
        });
    }
}

} // namespace aegis
