#include "gateway/routes/ReceiptRoutes.h"

#include "common/crypto/Ed25519Verifier.h"
#include "common/db/SqliteStatement.h"
#include "common/receipts/ChainListVerifier.h"
#include "common/receipts/DatabaseChainVerifier.h"
#include "common/receipts/EvidenceJson.h"
#include "common/receipts/ExpectedHead.h"
#include "common/receipts/ReceiptHasher.h"
#include "common/util/Timestamp.h"
#include "gateway/GatewayLogging.h"
#include "gateway/app/GatewayContext.h"
#include "gateway/app/GatewayMetrics.h"
#include "gateway/auth/Authenticator.h"
#include "gateway/http/BackgroundRunner.h"
#include "gateway/http/Router.h"
#include "gateway/routes/EvidenceQuery.h"
#include "gateway/routes/ReceiptExportBody.h"
#include "gateway/routes/RequestBody.h"
#include "gateway/storage/Database.h"
#include "gateway/storage/ScopedConnection.h"
#include "gateway/storage/StatementCache.h"
#include "gateway/storage/WriteQueue.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace aegis {

namespace {

void verifyOne(GatewayContext &context, const HttpExchange &exchange, const Principal &principal, const QString &id)
{
    // Read as stored bytes (SqliteStatement): the hash is recomputed over
    // exactly what was hashed when the receipt was written.
    static const QByteArray sql =
        QStringLiteral("SELECT %1 FROM receipts WHERE event_id = ?").arg(EvidenceJson::receiptColumns()).toUtf8();
    auto row = context.http.native(sql.constData()); // a static text: its address is the cache key
    row->bind(1, id);
    const bool found = row->isValid() && row->next();
    if (!row->isValid() || row->failed()) {
        exchange.respond(HttpResponse::error(500, row->error()));
        return;
    }
    if (!found) {
        exchange.respond(HttpResponse::error(404, QStringLiteral("no receipt with id %1").arg(id)));
        return;
    }
    const JsonValue receipt = EvidenceJson::receipt(*row);
    if (!principal.isAdmin() && receipt.value("tenant_id").toString() != principal.tenantId) {
        exchange.respond(HttpResponse::error(404, QStringLiteral("no receipt with id %1").arg(id)));
        return;
    }
    const QString stored = receipt.value("receipt_hash").toString();
    const QString recomputed = ReceiptHasher::receiptHash(receipt).value_or(QString());
    const JsonValue &signature = receipt.value("signature");
    JsonValue answer = JsonValue::object();
    answer.insert("receipt_id", JsonValue(id));
    // The hash alone decides "verified"; a signature never changes it.
    answer.insert("verified", JsonValue(!recomputed.isEmpty() && recomputed == stored));
    answer.insert("receipt_hash", JsonValue(stored));
    answer.insert("recomputed_hash", JsonValue(recomputed));
    answer.insert("prev_receipt_hash", receipt.value("prev_receipt_hash"));
    answer.insert("signed", JsonValue(!signature.isNull()));
    answer.insert("signature_verified",
                  signature.isNull() ? JsonValue::null()
                                     : JsonValue(Ed25519Verifier::verify(receipt.value("signer_public_key").toString(),
                                                                         stored.toLatin1(), signature.toString())));
    answer.insert("signer_public_key", receipt.value("signer_public_key"));
    answer.insert("signer_key_id", receipt.value("signer_key_id"));
    exchange.respond(HttpResponse::rawJson(200, EvidenceJson::serialize(answer)));
}

// An agent's work waits behind an operator's (BackgroundRunner).
WorkKind kindFor(const Principal &principal)
{
    return principal.isAdmin() ? WorkKind::Admin : WorkKind::Agent;
}

void chainHead(GatewayContext &context, const HttpExchange &exchange, const Principal &principal)
{
    const QString tenant = EvidenceQuery::tenantFor(exchange, principal, QStringLiteral("default"));
    // Counting a tenant's receipts reads its whole index: with millions of
    // them that stalls every request if done on the HTTP thread.
    context.runner.respondLater(kindFor(principal), exchange, [&context, tenant](const CancellationToken &) {
        ScopedConnection connection(context.database, QStringLiteral("chain-head"));
        if (!connection.isOpen())
            return HttpResponse::error(500, QStringLiteral("the database cannot be read: %1").arg(connection.error()));
        // One snapshot for head and count, so they always agree.
        QSqlDatabase &db = connection.db();
        db.transaction();
        QSqlQuery head(db);
        head.prepare(QStringLiteral(
            "SELECT event_id, seq, receipt_hash, ts FROM receipts WHERE tenant_id = ? ORDER BY seq DESC LIMIT 1"));
        head.addBindValue(tenant);
        if (!head.exec()) {
            db.rollback();
            return HttpResponse::error(500, head.lastError().text());
        }
        QJsonValue headJson;
        if (head.next()) {
            headJson = QJsonObject{{QStringLiteral("receipt_id"), head.value(0).toString()},
                                   {QStringLiteral("seq"), head.value(1).toLongLong()},
                                   {QStringLiteral("receipt_hash"), head.value(2).toString()},
                                   {QStringLiteral("ts"), head.value(3).toString()}};
        }
        head.finish();
        // Counted, not taken from the head's seq: a deleted row must show.
        QSqlQuery count(db);
        count.prepare(QStringLiteral("SELECT count(*) FROM receipts WHERE tenant_id = ?"));
        count.addBindValue(tenant);
        if (!count.exec() || !count.next()) {
            db.rollback();
            return HttpResponse::error(500, count.lastError().text());
        }
        const qint64 receipts = count.value(0).toLongLong();
        count.finish();
        db.rollback(); // read only: nothing to commit
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("tenant_id"), tenant},
                                                   {QStringLiteral("head"), headJson},
                                                   {QStringLiteral("count"), receipts}});
    });
}

void exportChain(GatewayContext &context, const HttpExchange &exchange, const Principal &principal)
{
    const QString tenant = EvidenceQuery::tenantFor(exchange, principal, QStringLiteral("default"));
    QString error;
    auto body = ReceiptExportBody::open(context.database, tenant, &error);
    if (!body) {
        exchange.respond(HttpResponse::error(500, QStringLiteral("the chain cannot be read: %1").arg(error)));
        return;
    }
    HttpResponse response;
    response.stream = body;
    response.withHeader("Content-Disposition",
                        QByteArrayLiteral("attachment; filename=\"receipts-") + tenant.toUtf8() + ".json\"");
    exchange.respond(response);
}

void verifyList(GatewayContext &context, const HttpExchange &exchange, const Principal &principal)
{
    auto body = RequestBody::exactObject(exchange);
    if (!body)
        return;
    if (!body->value("receipts").isArray()) {
        exchange.respond(HttpResponse::error(400, QStringLiteral("receipts is required: an array of receipts")));
        return;
    }
    ChainListVerifier::Options options;
    if (const JsonValue *heads = body->find("expected_heads"); heads && !heads->isNull()) {
        QString problem;
        const auto parsed = ExpectedHead::parseTenants(*heads, &problem);
        if (!parsed) {
            exchange.respond(HttpResponse::error(400, QStringLiteral("expected_heads: %1").arg(problem)));
            return;
        }
        options.expectedHeads = *parsed;
    }
    context.runner.respondLater(kindFor(principal), exchange, [input = std::move(*body), options](const CancellationToken &) {
        QString error;
        const auto report = ChainListVerifier::verify(input, options, &error);
        if (!report)
            return HttpResponse::error(400, error);
        return HttpResponse::json(200, report->toJson());
    });
}

void recordVerification(GatewayContext &context, const QString &tenant, const QString &startedAt,
                        const ChainVerificationReport &report)
{
    const QString finishedAt = Timestamp::millis(QDateTime::currentDateTimeUtc());
    const QString result = QString::fromUtf8(QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact));
    const bool verified = report.verified() && !report.isEmpty();
    const qint64 count = report.count();
    context.metrics.recordChainVerification(verified, QDateTime::currentSecsSinceEpoch());
    WriteQueue::Job job;
    job.changesData = false;
    job.work = [tenant, startedAt, finishedAt, result, verified, count](StatementCache &db, QString *error) {
        auto insert = db.prepared(QStringLiteral(
            "INSERT INTO chain_verifications (tenant_id, started_at, finished_at, verified, receipt_count, result) "
            "VALUES (?, ?, ?, ?, ?, ?)"));
        for (const QVariant &value : {tenant.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(tenant),
                                      QVariant(startedAt), QVariant(finishedAt), QVariant(verified ? 1 : 0),
                                      QVariant(count), QVariant(result)})
            insert->addBindValue(value);
        if (insert->exec())
            return true;
        *error = insert->lastError().text();
        return false;
    };
    // Recorded before the answer, so the overview shows it at once.
    QString error;
    if (!context.writer.submitAndWait(std::move(job), &error))
        qCWarning(lcHttp, "chain verification not recorded: %s", qPrintable(error));
}

void verifyStored(GatewayContext &context, const HttpExchange &exchange, const Principal &principal)
{
    const auto body = RequestBody::object(exchange, true);
    if (!body)
        return;
    DatabaseChainVerifier::Options options;
    options.tenantId = body->value(QStringLiteral("tenant_id")).toString();
    if (!principal.isAdmin()) {
        if (!options.tenantId.isEmpty() && options.tenantId != principal.tenantId) {
            exchange.respond(HttpResponse::error(403, QStringLiteral("an agent may verify its own tenant's chain only")));
            return;
        }
        options.tenantId = principal.tenantId;
    }
    for (const auto &[key, out] : {std::pair{QStringLiteral("from"), &options.from}, std::pair{QStringLiteral("to"), &options.to}}) {
        const QString value = body->value(key).toString();
        if (!value.isEmpty() && !Timestamp::parse(value).isValid()) {
            exchange.respond(HttpResponse::error(400, QStringLiteral("%1 must be an RFC 3339 time").arg(key)));
            return;
        }
        *out = value;
    }
    if (const QJsonValue heads = body->value(QStringLiteral("expected_heads")); !heads.isUndefined() && !heads.isNull()) {
        QString problem;
        const auto parsed = ExpectedHead::parseTenants(JsonValue::fromQJsonValue(heads), &problem);
        if (!parsed) {
            exchange.respond(HttpResponse::error(400, QStringLiteral("expected_heads: %1").arg(problem)));
            return;
        }
        options.expectedHeads = *parsed;
    }
    const QString startedAt = Timestamp::millis(QDateTime::currentDateTimeUtc());
    context.runner.respondLater(kindFor(principal), exchange, [&context, options, startedAt](const CancellationToken &cancel) mutable {
        ScopedConnection connection(context.database, QStringLiteral("verify"));
        if (!connection.isOpen())
            return HttpResponse::error(500, QStringLiteral("the database cannot be read: %1").arg(connection.error()));
        options.cancelled = cancel.asFunction();
        QString error;
        const auto report = DatabaseChainVerifier(options).verify(connection.db(), &error);
        if (!report)
            return HttpResponse::error(500, QStringLiteral("the chains cannot be read: %1").arg(error));
        if (report->isCancelled())
            return HttpResponse::error(503, QStringLiteral("verification stopped before the end"));
        recordVerification(context, options.tenantId, startedAt, *report);
        return HttpResponse::json(200, report->toJson());
    });
}

} // namespace

void ReceiptRoutes::registerOn(Router &router, GatewayContext &context)
{
    router.add({"GET"}, QStringLiteral("/v1/receipts"), [&context](const HttpExchange &exchange, const RouteParams &) {
        if (const auto principal = context.auth.requireAny(exchange))
            EvidenceQuery::respondWithPage(context.http, exchange, *principal, EvidenceQuery::Kind::Receipts);
    });
    router.add({"GET"}, QStringLiteral("/v1/receipts/{id}"), [&context](const HttpExchange &exchange, const RouteParams &params) {
        if (const auto principal = context.auth.requireAny(exchange))
            EvidenceQuery::respondWithOne(context.http, exchange, *principal, EvidenceQuery::Kind::Receipts,
                                          params.value(QStringLiteral("id")));
    });
    router.add({"GET"}, QStringLiteral("/v1/receipts/{id}/verify"),
               [&context](const HttpExchange &exchange, const RouteParams &params) {
        if (const auto principal = context.auth.requireAny(exchange))
            verifyOne(context, exchange, *principal, params.value(QStringLiteral("id")));
    });
    router.add({"GET"}, QStringLiteral("/v1/receipts/chain-head"), [&context](const HttpExchange &exchange, const RouteParams &) {
        if (const auto principal = context.auth.requireAny(exchange))
            chainHead(context, exchange, *principal);
    });
    router.add({"GET"}, QStringLiteral("/v1/receipts/export"), [&context](const HttpExchange &exchange, const RouteParams &) {
        if (const auto principal = context.auth.requireAny(exchange))
            exportChain(context, exchange, *principal);
    });
    router.add({"POST"}, QStringLiteral("/v1/receipts/verify-chain"), [&context](const HttpExchange &exchange, const RouteParams &) {
        if (const auto principal = context.auth.requireAny(exchange))
            verifyList(context, exchange, *principal);
    });
    router.add({"POST"}, QStringLiteral("/v1/receipts/verify-range"), [&context](const HttpExchange &exchange, const RouteParams &) {
        if (const auto principal = context.auth.requireAny(exchange))
            verifyStored(context, exchange, *principal);
    });
}

} // namespace aegis
