#include "gateway/routes/ProbeRoutes.h"

#include "gateway/app/GatewayContext.h"
#include "gateway/http/Router.h"
#include "gateway/storage/Database.h"
#include "gateway/storage/DatabaseHealth.h"
#include "gateway/storage/StatementCache.h"
#include "gateway/storage/WalCheckpoints.h"
#include "gateway/storage/WriteQueue.h"

#include <QJsonArray>
#include <QJsonObject>

namespace aegis {

namespace {

QString versionString()
{
    return QStringLiteral(AEGIS_VERSION);
}

// Past this multiple of its bound the log is not being reset: a reader
// holds it (a long backup or verification), or checkpoints fail.
constexpr int WalAlarmFactor = 4;

QString mebibytes(qint64 bytes)
{
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1) + QStringLiteral(" MiB");
}

} // namespace

void ProbeRoutes::registerOn(Router &router, GatewayContext &context)
{
    router.add({"GET"}, QStringLiteral("/health"), [&context](const HttpExchange &exchange, const RouteParams &) {
        QString error;
        const bool up = DatabaseHealth::appliedSchemaVersion(context.http.db(), &error) >= 0;
        QJsonObject body{
            {QStringLiteral("status"), up ? QStringLiteral("healthy") : QStringLiteral("unhealthy")},
            {QStringLiteral("version"), versionString()},
            {QStringLiteral("db"), up ? QStringLiteral("up") : QStringLiteral("down")},
        };
        exchange.respond(HttpResponse::json(up ? 200 : 503, body));
    });

    router.add({"GET"}, QStringLiteral("/livez"), [](const HttpExchange &exchange, const RouteParams &) {
        exchange.respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("alive")}}));
    });

    router.add({"GET"}, QStringLiteral("/readyz"), [&context](const HttpExchange &exchange, const RouteParams &) {
        QJsonArray failing;
        QJsonObject reasons;
        QString error;
        const int applied = DatabaseHealth::appliedSchemaVersion(context.http.db(), &error);
        const bool dbUp = applied >= 0;
        if (!dbUp) {
            failing.append(QStringLiteral("db"));
            reasons.insert(QStringLiteral("db"), QStringLiteral("the database cannot be read: %1").arg(error));
        }

        QString migrations = QStringLiteral("current");
        if (dbUp && applied != context.binarySchemaVersion) {
            migrations = applied > context.binarySchemaVersion ? QStringLiteral("ahead") : QStringLiteral("behind");
            failing.append(QStringLiteral("migrations"));
            reasons.insert(QStringLiteral("migrations"),
                           QStringLiteral("the database is at schema %1, this gateway serves schema %2")
                               .arg(applied)
                               .arg(context.binarySchemaVersion));
        } else if (!dbUp) {
            migrations = QStringLiteral("unknown");
        }

        QString notWritable;
        bool writable = DatabaseHealth::isWritable(context.http.db(), context.database.path(), &notWritable);
        // The file may look writable while writes fail (a full disk): the
        // writer's last batch decides, until a write succeeds again.
        if (const auto health = context.writer.writeHealth(); writable && health != WriteQueue::WriteHealth::Ok) {
            writable = false;
            notWritable = health == WriteQueue::WriteHealth::DiskFull
                ? QStringLiteral("disk full: the last write failed (%1); ready again once a write succeeds")
                      .arg(context.writer.lastWriteError())
                : QStringLiteral("the last write failed (%1); ready again once a write succeeds")
                      .arg(context.writer.lastWriteError());
        }
        if (!writable) {
            failing.append(QStringLiteral("writable"));
            reasons.insert(QStringLiteral("writable"), notWritable);
        }

        const bool workersOk = context.writer.isHealthy();
        if (!workersOk) {
            failing.append(QStringLiteral("workers"));
            reasons.insert(QStringLiteral("workers"), QStringLiteral("the database writer is not running or is stuck"));
        }
        const WalCheckpoints::Snapshot wal = context.wal.snapshot();
        if (wal.fileBytes > WalAlarmFactor * wal.boundBytes) {
            failing.append(QStringLiteral("wal"));
            reasons.insert(QStringLiteral("wal"),
                           QStringLiteral("the write-ahead log is %1, more than %2 times its bound of %3: "
                                          "something keeps it from being reset (a long-running reader, or "
                                          "failing checkpoints; see the log)")
                               .arg(mebibytes(wal.fileBytes))
                               .arg(WalAlarmFactor)
                               .arg(mebibytes(wal.boundBytes)));
        }
        if (context.shuttingDown.load()) {
            failing.append(QStringLiteral("shutting_down"));
            reasons.insert(QStringLiteral("shutting_down"), QStringLiteral("the gateway is stopping"));
        }

        const bool ready = failing.isEmpty();
        QJsonObject body{
            {QStringLiteral("status"), ready ? QStringLiteral("ready") : QStringLiteral("not_ready")},
            {QStringLiteral("db"), dbUp ? QStringLiteral("up") : QStringLiteral("down")},
            {QStringLiteral("schema_version"), applied >= 0 ? QJsonValue(applied) : QJsonValue()},
            {QStringLiteral("migrations"), migrations},
            {QStringLiteral("writable"), writable},
            {QStringLiteral("workers"), workersOk ? QStringLiteral("ok") : QStringLiteral("dead")},
            {QStringLiteral("wal_bytes"), wal.fileBytes},
            {QStringLiteral("checkpoints"), wal.background ? QStringLiteral("background") : QStringLiteral("automatic")},
        };
        if (!ready) {
            body.insert(QStringLiteral("failing"), failing);
            body.insert(QStringLiteral("reasons"), reasons);
        }
        exchange.respond(HttpResponse::json(ready ? 200 : 503, body));
    });

    router.add({"GET"}, QStringLiteral("/v1/version"), [&context](const HttpExchange &exchange, const RouteParams &) {
        exchange.respond(HttpResponse::json(200, QJsonObject{
                                                     {QStringLiteral("name"), QStringLiteral("aegis-gateway")},
                                                     {QStringLiteral("version"), versionString()},
                                                     {QStringLiteral("schema_version"), context.binarySchemaVersion},
                                                 }));
    });
}

} // namespace aegis
