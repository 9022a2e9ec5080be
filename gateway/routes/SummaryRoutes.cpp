#include "gateway/routes/SummaryRoutes.h"

#include "common/db/DatabaseInspector.h"
#include "gateway/app/GatewayContext.h"
#include "gateway/auth/Authenticator.h"
#include "gateway/backup/BackupService.h"
#include "gateway/http/BackgroundRunner.h"
#include "gateway/http/Router.h"
#include "gateway/storage/Database.h"
#include "gateway/storage/ScopedConnection.h"

#include <QJsonDocument>
#include <QSqlQuery>

namespace aegis {

void SummaryRoutes::registerOn(Router &router, GatewayContext &context)
{
    router.add({"GET"}, QStringLiteral("/v1/admin/summary"), [&context](const HttpExchange &exchange, const RouteParams &) {
        if (!context.auth.requireAdmin(exchange))
            return;
        // Counting a large table takes a while: off the HTTP thread.
        context.runner.respondLater(WorkKind::Admin, exchange, [&context](const CancellationToken &) {
            ScopedConnection connection(context.database, QStringLiteral("summary"));
            QString error;
            const auto summary = connection.isOpen()
                                     ? DatabaseInspector::inspect(connection.db(), DatabaseInspector::Check::None, &error)
                                     : std::nullopt;
            if (!summary)
                return HttpResponse::error(500, QStringLiteral("the database cannot be read: %1")
                                                    .arg(connection.isOpen() ? error : connection.error()));
            QJsonValue lastVerification;
            QSqlQuery query(connection.db());
            if (query.exec(QStringLiteral("SELECT verified, receipt_count, finished_at, tenant_id FROM chain_verifications "
                                          "ORDER BY num DESC LIMIT 1"))
                && query.next()) {
                lastVerification = QJsonObject{
                    {QStringLiteral("verified"), query.value(0).toInt() == 1},
                    {QStringLiteral("receipt_count"), query.value(1).toLongLong()},
                    {QStringLiteral("finished_at"), query.value(2).toString()},
                    {QStringLiteral("tenant_id"), query.value(3).isNull() ? QJsonValue() : QJsonValue(query.value(3).toString())},
                };
            }
            // A database set aside by a restore is not a backup of this one.
            QJsonValue lastBackup;
            for (const BackupEntry &entry : context.backups.list()) { // newest first
                if (entry.kind() == BackupKind::PreRestore)
                    continue;
                lastBackup = QJsonObject{{QStringLiteral("name"), entry.name},
                                         {QStringLiteral("created_at"), entry.createdAt},
                                         {QStringLiteral("size_bytes"), entry.sizeBytes}};
                break;
            }
            return HttpResponse::json(200, QJsonObject{
                {QStringLiteral("version"), QStringLiteral(AEGIS_VERSION)},
                {QStringLiteral("schema_version"), summary->schemaVersion},
                {QStringLiteral("tenants"), summary->tenantCount},
                {QStringLiteral("agents"), summary->agents},
                {QStringLiteral("decisions"), summary->decisions},
                {QStringLiteral("receipts"), summary->receipts},
                {QStringLiteral("newest_decision_at"),
                 summary->newestDecisionAt.isEmpty() ? QJsonValue() : QJsonValue(summary->newestDecisionAt)},
                {QStringLiteral("chains"), ExpectedHead::tenantsToJson(summary->heads)},
                {QStringLiteral("last_backup"), lastBackup},
                {QStringLiteral("last_chain_verification"), lastVerification},
            });
        });
    });
}

} // namespace aegis
