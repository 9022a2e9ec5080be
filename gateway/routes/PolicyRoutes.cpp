#include "gateway/routes/PolicyRoutes.h"

#include "common/util/Timestamp.h"
#include "gateway/app/GatewayContext.h"
#include "gateway/auth/Authenticator.h"
#include "gateway/authz/PolicyStore.h"
#include "gateway/http/Router.h"
#include "gateway/routes/RequestBody.h"
#include "gateway/storage/StatementCache.h"
#include "gateway/storage/WriteQueue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>

namespace aegis {

namespace {

QJsonObject policyJson(const QString &tenantId, qint64 version, const QString &updatedAt, const QJsonArray &rules)
{
    return {{QStringLiteral("tenant_id"), tenantId},
            {QStringLiteral("version"), version},
            {QStringLiteral("updated_at"), updatedAt},
            {QStringLiteral("rules"), rules}};
}

QString tenantOf(const HttpExchange &exchange)
{
    const QString tenant = exchange.request().query.queryItemValue(QStringLiteral("tenant_id"));
    return tenant.isEmpty() ? QStringLiteral("default") : tenant;
}

} // namespace

void PolicyRoutes::registerOn(Router &router, GatewayContext &context)
{
    router.add({"GET", "PUT"}, QStringLiteral("/v1/policies"), [&context](const HttpExchange &exchange, const RouteParams &) {
        if (!context.auth.requireAdmin(exchange))
            return;
        const QString tenantId = tenantOf(exchange);

        if (exchange.request().method != "PUT") {
            QString error;
            const auto policy = context.policies.load(context.http, tenantId, &error);
            if (!policy) {
                exchange.respond(error.isEmpty()
                                     ? HttpResponse::error(404, QStringLiteral("tenant '%1' does not exist").arg(tenantId))
                                     : HttpResponse::error(500, error));
                return;
            }
            exchange.respond(HttpResponse::json(
                200, policyJson(tenantId, policy->version, policy->updatedAt, PolicyRule::toJsonList(policy->rules))));
            return;
        }

        const auto body = RequestBody::object(exchange);
        if (!body)
            return;
        if (!body->value(QStringLiteral("rules")).isArray()) {
            exchange.respond(HttpResponse::error(422, QStringLiteral("rules is required: an array of rules")));
            return;
        }
        QString problem;
        const auto rules = PolicyRule::parseList(body->value(QStringLiteral("rules")).toArray(), &problem);
        if (!rules) {
            exchange.respond(HttpResponse::error(422, problem));
            return;
        }
        const QJsonArray normalized = PolicyRule::toJsonList(*rules);
        const QString now = Timestamp::millis(QDateTime::currentDateTimeUtc());
        auto version = std::make_shared<qint64>(0);
        WriteQueue::Job job;
        job.work = [tenantId, normalized, now, version](StatementCache &db, QString *error) {
            auto update = db.prepared(QStringLiteral(
                "UPDATE policies SET rules = ?, version = version + 1, updated_at = ? WHERE tenant_id = ?"));
            update->addBindValue(QString::fromUtf8(QJsonDocument(normalized).toJson(QJsonDocument::Compact)));
            update->addBindValue(now);
            update->addBindValue(tenantId);
            if (!update->exec()) {
                *error = update->lastError().text();
                return false;
            }
            auto read = db.prepared(QStringLiteral("SELECT version FROM policies WHERE tenant_id = ?"));
            read->addBindValue(tenantId);
            if (read->exec() && read->next())
                *version = read->value(0).toLongLong();
            return true;
        };
        job.done = [exchange, tenantId, normalized, now, version](bool committed, const QString &error) {
            if (!committed)
                exchange.respond(HttpResponse::error(500, QStringLiteral("the policy could not be stored: %1").arg(error)));
            else if (*version == 0)
                exchange.respond(HttpResponse::error(404, QStringLiteral("tenant '%1' does not exist").arg(tenantId)));
            else
                exchange.respond(HttpResponse::json(200, policyJson(tenantId, *version, now, normalized)));
        };
        context.writer.submit(std::move(job));
    });
}

} // namespace aegis
