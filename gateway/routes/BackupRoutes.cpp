#include "gateway/routes/BackupRoutes.h"

#include "common/backup/BackupName.h"
#include "common/util/Timestamp.h"
#include "gateway/GatewayLogging.h"
#include "gateway/app/GatewayContext.h"
#include "gateway/app/GatewayMetrics.h"
#include "gateway/auth/Authenticator.h"
#include "gateway/backup/BackupService.h"
#include "gateway/http/BackgroundRunner.h"
#include "gateway/http/Router.h"
#include "gateway/routes/FileResponseBody.h"
#include "gateway/routes/RequestBody.h"
#include "gateway/storage/ScopedConnection.h"
#include "gateway/storage/StatementCache.h"
#include "gateway/storage/WriteQueue.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace aegis {

namespace {

QJsonObject createdJson(const BackupService::Outcome &outcome)
{
    const BackupManifest &m = outcome.manifest;
    return {
        {QStringLiteral("name"), m.name},
        {QStringLiteral("path"), outcome.path},
        {QStringLiteral("size_bytes"), m.sizeBytes},
        {QStringLiteral("sha256"), m.sha256},
        {QStringLiteral("created_at"), m.createdAt},
        {QStringLiteral("duration_ms"), m.durationMs},
        {QStringLiteral("schema_version"), m.schemaVersion},
        {QStringLiteral("manifest"), QString(outcome.path + QStringLiteral(".manifest.json"))},
    };
}

// The newest verification of each backup, from the gateway's own records.
// On a connection of the caller's own: this runs off the HTTP thread.
QHash<QString, QJsonObject> lastVerifications(Database &database)
{
    QHash<QString, QJsonObject> result;
    ScopedConnection connection(database, QStringLiteral("backup-catalog"));
    if (!connection.isOpen())
        return result;
    QSqlQuery query(connection.db());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral(
            "SELECT backup_name, verified_at, restorable FROM backup_verifications "
            "WHERE num IN (SELECT max(num) FROM backup_verifications GROUP BY backup_name)")))
        return result;
    while (query.next()) {
        result.insert(query.value(0).toString(),
                      QJsonObject{{QStringLiteral("verified_at"), query.value(1).toString()},
                                  {QStringLiteral("restorable"), query.value(2).toInt() == 1}});
    }
    return result;
}

// The admin check and the name rules every {name} route starts with;
// answers 401/403 or 400 itself and returns nullopt then. Looking the
// backup up reads its manifest, which is file work for the runner.
std::optional<QString> backupName(GatewayContext &context, const HttpExchange &exchange, const RouteParams &params)
{
    if (!context.auth.requireAdmin(exchange))
        return std::nullopt;
    const QString name = params.value(QStringLiteral("name"));
    if (const QString problem = BackupName::problem(name); !problem.isEmpty()) {
        exchange.respond(HttpResponse::error(400, QStringLiteral("invalid backup name: %1").arg(problem)));
        return std::nullopt;
    }
    return name;
}

HttpResponse noBackup(const QString &name)
{
    return HttpResponse::error(404, QStringLiteral("no backup named %1").arg(name));
}

void takeBackup(GatewayContext &context, const HttpExchange &exchange)
{
    // The runbook's curl sends its JSON as a form; the body is JSON anyway.
    const auto body = RequestBody::object(exchange, true);
    if (!body)
        return;
    const QJsonValue filename = body->value(QStringLiteral("filename"));
    if (!filename.isUndefined() && !filename.isNull() && !filename.isString()) {
        exchange.respond(HttpResponse::error(400, QStringLiteral("filename must be a string")));
        return;
    }
    const QString name = filename.toString().isEmpty() && (filename.isUndefined() || filename.isNull())
                             ? BackupName::generated(QDateTime::currentDateTimeUtc())
                             : filename.toString();
    QString message;
    if (const int status = context.backups.reserve(name, &message); status != 0) {
        exchange.respond(HttpResponse::error(status, message));
        return;
    }
    context.runner.respondLater(WorkKind::Backup, exchange, [&context, name](const CancellationToken &cancel) {
        // Once started, a backup finishes even if its client leaves: only
        // shutdown stops it.
        const BackupService::Outcome outcome =
            context.backups.create(name, false, [&context] { return context.shuttingDown.load(); });
        Q_UNUSED(cancel);
        context.backups.release(name);
        context.metrics.recordBackup(outcome.status == 200, outcome.manifest.sizeBytes, outcome.manifest.durationMs,
                                     QDateTime::currentSecsSinceEpoch());
        if (outcome.status != 200)
            return HttpResponse::error(outcome.status, outcome.message);
        return HttpResponse::json(200, createdJson(outcome));
    });
}

void recordVerification(GatewayContext &context, const QString &name, const QJsonObject &result)
{
    WriteQueue::Job job;
    job.changesData = false;
    const QString text = QString::fromUtf8(QJsonDocument(result).toJson(QJsonDocument::Compact));
    const QString at = result.value(QStringLiteral("verified_at")).toString();
    const bool restorable = result.value(QStringLiteral("restorable")).toBool();
    job.work = [name, text, at, restorable](StatementCache &db, QString *error) {
        auto insert = db.prepared(QStringLiteral(
            "INSERT INTO backup_verifications (backup_name, verified_at, restorable, result) VALUES (?, ?, ?, ?)"));
        insert->addBindValue(name);
        insert->addBindValue(at);
        insert->addBindValue(restorable ? 1 : 0);
        insert->addBindValue(text);
        if (insert->exec())
            return true;
        *error = insert->lastError().text();
        return false;
    };
    // Recorded before the answer, so that the catalog shows it at once.
    QString error;
    if (!context.writer.submitAndWait(std::move(job), &error))
        qCWarning(lcHttp, "backup verification of %s not recorded: %s", qPrintable(name), qPrintable(error));
}

} // namespace

void BackupRoutes::registerOn(Router &router, GatewayContext &context)
{
    router.add({"POST"}, QStringLiteral("/v1/admin/backup"), [&context](const HttpExchange &exchange, const RouteParams &) {
        if (context.auth.requireAdmin(exchange))
            takeBackup(context, exchange);
    });

    router.add({"GET"}, QStringLiteral("/v1/admin/backups"), [&context](const HttpExchange &exchange, const RouteParams &) {
        if (!context.auth.requireAdmin(exchange))
            return;
        context.runner.respondLater(WorkKind::Admin, exchange, [&context](const CancellationToken &) {
            const QHash<QString, QJsonObject> verifications = lastVerifications(context.database);
            QJsonArray array;
            for (const BackupEntry &entry : context.backups.list()) {
                QJsonObject object = entry.toJson();
                object.insert(QStringLiteral("last_verification"), verifications.value(entry.name).isEmpty()
                                                                       ? QJsonValue()
                                                                       : QJsonValue(verifications.value(entry.name)));
                array.append(object);
            }
            return HttpResponse::json(200, array);
        });
    });

    router.add({"GET", "DELETE"}, QStringLiteral("/v1/admin/backups/{name}"),
               [&context](const HttpExchange &exchange, const RouteParams &params) {
        const auto name = backupName(context, exchange, params);
        if (!name)
            return;
        if (exchange.request().method == "DELETE") {
            // Deleting a multi-gigabyte file takes the file system a while.
            context.runner.respondLater(WorkKind::Backup, exchange, [&context, name = *name](const CancellationToken &) {
                if (!context.backups.entry(name))
                    return noBackup(name);
                QString message;
                const int status = context.backups.remove(name, &message);
                return status == 204 ? HttpResponse::noContent() : HttpResponse::error(status, message);
            });
            return;
        }
        context.runner.respondLater(WorkKind::Admin, exchange, [&context, name = *name](const CancellationToken &) {
            const auto entry = context.backups.entry(name);
            if (!entry)
                return noBackup(name);
            QJsonObject object = entry->toJson();
            const QHash<QString, QJsonObject> verifications = lastVerifications(context.database);
            object.insert(QStringLiteral("last_verification"),
                          verifications.contains(name) ? QJsonValue(verifications.value(name)) : QJsonValue());
            return HttpResponse::json(200, object);
        });
    });

    router.add({"GET"}, QStringLiteral("/v1/admin/backups/{name}/file"),
               [&context](const HttpExchange &exchange, const RouteParams &params) {
        const auto name = backupName(context, exchange, params);
        if (!name)
            return;
        // The lookup and the open run on the runner; the file is then sent
        // a piece at a time as the client takes it.
        context.runner.respondLater(WorkKind::Admin, exchange, [&context, name = *name](const CancellationToken &) {
            const auto entry = context.backups.entry(name);
            if (!entry)
                return noBackup(name);
            auto body = std::make_shared<FileResponseBody>(entry->absolutePath);
            QString error;
            if (!body->open(&error))
                return HttpResponse::error(500, QStringLiteral("cannot read %1: %2").arg(name, error));
            body->moveToThread(QCoreApplication::instance()->thread());
            HttpResponse response;
            response.contentType = "application/vnd.sqlite3";
            response.stream = body;
            response.withHeader("Content-Disposition", "attachment; filename=\"" + name.toUtf8() + "\"");
            // The digest the backup had when it was taken: a client that
            // computes another one holds a file that changed since.
            if (entry->manifest)
                response.withHeader("Digest",
                                    "sha-256=" + QByteArray::fromHex(entry->manifest->sha256.toLatin1()).toBase64());
            return response;
        });
    });

    router.add({"POST"}, QStringLiteral("/v1/admin/backups/{name}/verify"),
               [&context](const HttpExchange &exchange, const RouteParams &params) {
        const auto name = backupName(context, exchange, params);
        if (!name)
            return;
        context.runner.respondLater(WorkKind::Admin, exchange, [&context, name = *name](const CancellationToken &cancel) {
            if (!context.backups.entry(name))
                return noBackup(name);
            const QJsonObject result = context.backups.verify(name, cancel.asFunction());
            if (cancel.isCancelled())
                return HttpResponse::error(503, QStringLiteral("verification stopped before the end"));
            recordVerification(context, name, result);
            return HttpResponse::json(200, result);
        });
    });
}

} // namespace aegis
