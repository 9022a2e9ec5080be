#include "gateway/routes/TenantRoutes.h"

#include "common/util/Timestamp.h"
#include "gateway/app/GatewayContext.h"
#include "gateway/auth/Authenticator.h"
#include "gateway/authz/PolicyRule.h"
#include "gateway/http/Router.h"
#include "gateway/routes/RequestBody.h"
#include "gateway/storage/StatementCache.h"
#include "gateway/storage/WriteQueue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlError>

namespace aegis {

namespace {

QJsonObject tenantJson(const QString &id, const QString &name, const QString &createdAt)
{
    return {{QStringLiteral("id"), id}, {QStringLiteral("name"), name}, {QStringLiteral("created_at"), createdAt}};
}

} // namespace

void TenantRoutes::registerOn(Router &router, GatewayContext &context)
{
    router.add({"POST"}, QStringLiteral("/v1/tenants"), [&context](const HttpExchange &exchange, const RouteParams &) {
        if (!context.auth.requireAdmin(exchange))
            return;
        const auto body = RequestBody::object(exchange);
        if (!body)
            return;
        static const QRegularExpression idPattern(QStringLiteral("^[a-z0-9][a-z0-9_-]{0,62}$"));
        const QString id = body->value(QStringLiteral("id")).toString();
        if (!idPattern.match(id).hasMatch()) {
            exchange.respond(HttpResponse::error(
                400, QStringLiteral("id must match ^[a-z0-9][a-z0-9_-]{0,62}$ (lowercase letters, digits, - and _)")));
            return;
        }
        const QJsonValue nameValue = body->value(QStringLiteral("name"));
        if (!nameValue.isUndefined() && (!nameValue.isString() || nameValue.toString().size() > 200)) {
            exchange.respond(HttpResponse::error(400, QStringLiteral("name must be a string of at most 200 characters")));
            return;
        }
        const QString name = nameValue.toString().isEmpty() ? id : nameValue.toString();
        const QString createdAt = Timestamp::millis(QDateTime::currentDateTimeUtc());
        auto exists = std::make_shared<bool>(false);

        WriteQueue::Job job;
        job.work = [id, name, createdAt, exists](StatementCache &db, QString *error) {
            {
                auto check = db.prepared(QStringLiteral("SELECT 1 FROM tenants WHERE id = ?"));
                check->addBindValue(id);
                if (!check->exec()) {
                    *error = check->lastError().text();
                    return false;
                }
                if (check->next()) {
                    *exists = true;
                    return true;
                }
            }
            auto insert = db.prepared(QStringLiteral("INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)"));
            insert->addBindValue(id);
            insert->addBindValue(name);
            insert->addBindValue(createdAt);
            if (!insert->exec()) {
                *error = insert->lastError().text();
                return false;
            }
            auto policy = db.prepared(QStringLiteral(
                "INSERT INTO policies (tenant_id, rules, version, updated_at) VALUES (?, ?, 1, ?)"));
            policy->addBindValue(id);
            policy->addBindValue(QString::fromUtf8(
                QJsonDocument(PolicyRule::toJsonList(PolicyRule::defaults())).toJson(QJsonDocument::Compact)));
            policy->addBindValue(createdAt);
            if (!policy->exec()) {
                *error = policy->lastError().text();
                return false;
            }
            return true;
        };
        job.done = [exchange, id, name, createdAt, exists](bool committed, const QString &error) {
            if (!committed)
                exchange.respond(HttpResponse::error(500, QStringLiteral("the tenant could not be stored: %1").arg(error)));
            else if (*exists)
                exchange.respond(HttpResponse::error(409, QStringLiteral("tenant '%1' already exists").arg(id)));
            else
                exchange.respond(HttpResponse::json(201, tenantJson(id, name, createdAt)));
        };
        context.writer.submit(std::move(job));
    });

    router.add({"GET"}, QStringLiteral("/v1/tenants"), [&context](const HttpExchange &exchange, const RouteParams &) {
        if (!context.auth.requireAdmin(exchange))
            return;
        auto query = context.http.prepared(QStringLiteral("SELECT id, name, created_at FROM tenants ORDER BY id"));
        if (!query->exec()) {
            exchange.respond(HttpResponse::error(500, query->lastError().text()));
            return;
        }
        QJsonArray tenants;
        while (query->next())
            tenants.append(tenantJson(query->value(0).toString(), query->value(1).toString(), query->value(2).toString()));
        exchange.respond(HttpResponse::json(200, tenants));
    });
}

} // namespace aegis
