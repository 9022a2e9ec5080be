#include "tests/unit/restore/support/FakeGateway.h"

#include "common/db/DatabaseInspector.h"
#include "common/db/ReadOnlyDatabase.h"
#include "common/receipts/DatabaseChainVerifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace aegis::test {

FakeGateway::FakeGateway(QString databasePath)
    : m_database(std::move(databasePath))
{
}

ServiceControl::Result FakeGateway::stop()
{
    calls << QStringLiteral("stop");
    if (stopFailures > 0) {
        --stopFailures;
        return {false, QStringLiteral("stop refused: Access denied")};
    }
    if (!ignoresStop)
        running = false;
    return {true, QStringLiteral("stopped")};
}

ServiceControl::Result FakeGateway::start()
{
    calls << QStringLiteral("start");
    if (startFailures > 0) {
        --startFailures;
        return {false, QStringLiteral("start failed: exit status 1")};
    }
    running = true;
    m_unready = unreadyStarts > 0;
    if (m_unready)
        --unreadyStarts;
    return {true, QStringLiteral("started"), 4242};
}

ProbeReply FakeGateway::answer(int status, const QJsonValue &body) const
{
    ProbeReply reply;
    reply.transport = ProbeReply::Transport::Answered;
    reply.status = status;
    reply.body = body.isArray() ? QJsonDocument(body.toArray()).toJson(QJsonDocument::Compact)
                                : QJsonDocument(body.toObject()).toJson(QJsonDocument::Compact);
    return reply;
}

ProbeReply FakeGateway::refused() const
{
    ProbeReply reply;
    reply.transport = ProbeReply::Transport::Refused;
    reply.error = QStringLiteral("connection refused");
    return reply;
}

ProbeReply FakeGateway::get(const QString &path, int)
{
    calls << QStringLiteral("GET ") + path;
    if (!running)
        return refused();
    if (path == QLatin1String("/health") && silentHealthProbes > 0) {
        --silentHealthProbes;
        return refused();
    }
    if (path == QLatin1String("/health"))
        return answer(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("healthy")}});
    if (path == QLatin1String("/readyz"))
        return neverReady || m_unready ? answer(503, QJsonObject{{QStringLiteral("status"), QStringLiteral("not_ready")}})
                          : answer(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ready")},
                                                    {QStringLiteral("schema_version"), schemaVersion},
                                                    {QStringLiteral("migrations"), QStringLiteral("current")}});
    if (path == QLatin1String("/v1/version"))
        return answer(200, QJsonObject{{QStringLiteral("schema_version"), schemaVersion}});
    if (tokenRefused)
        return answer(401, QJsonObject{{QStringLiteral("message"), QStringLiteral("unauthorized")}});
    QString error;
    const auto summary = DatabaseInspector::inspectFile(m_database, DatabaseInspector::Check::None, &error);
    if (!summary)
        return answer(500, QJsonObject{{QStringLiteral("message"), error}});
    if (path.startsWith(QLatin1String("/v1/agents"))) {
        QJsonArray agents;
        for (qint64 i = 0; i < summary->agents; ++i)
            agents.append(QJsonObject{{QStringLiteral("id"), QString::number(i)}});
        return answer(200, agents);
    }
    if (path.startsWith(QLatin1String("/v1/decisions")))
        return answer(200, QJsonArray());
    if (path == QLatin1String("/v1/admin/summary")) {
        if (!hasSummaryRoute)
            return answer(404, QJsonObject{{QStringLiteral("message"), QStringLiteral("not found")}});
        return answer(200, QJsonObject{{QStringLiteral("agents"), summary->agents},
                                       {QStringLiteral("decisions"), summary->decisions},
                                       {QStringLiteral("receipts"), summary->receipts - servedCountShortfall}});
    }
    if (path.startsWith(QLatin1String("/v1/receipts/"))) {
        const QString id = path.mid(QStringLiteral("/v1/receipts/").size());
        ReadOnlyDatabase database(m_database);
        QSqlQuery query(database.db());
        query.prepare(QStringLiteral("SELECT receipt_hash, seq, tenant_id FROM receipts WHERE event_id = ?"));
        query.addBindValue(id);
        if (!query.exec() || !query.next())
            return answer(404, QJsonObject{{QStringLiteral("message"), QStringLiteral("no such receipt")}});
        return answer(200, QJsonObject{{QStringLiteral("receipt_hash"), query.value(0).toString()},
                                       {QStringLiteral("seq"), query.value(1).toLongLong()},
                                       {QStringLiteral("tenant_id"), query.value(2).toString()}});
    }
    return answer(404, QJsonObject{{QStringLiteral("message"), QStringLiteral("not found")}});
}

ProbeReply FakeGateway::post(const QString &path, const QByteArray &, int)
{
    calls << QStringLiteral("POST ") + path;
    if (!running)
        return refused();
    if (tokenRefused)
        return answer(401, QJsonObject{{QStringLiteral("message"), QStringLiteral("unauthorized")}});
    if (path != QLatin1String("/v1/receipts/verify-range"))
        return answer(404, QJsonObject{});
    QString error;
    DatabaseChainVerifier::Options options;
    const auto report = DatabaseChainVerifier(options).verifyFile(m_database, &error);
    if (!report)
        return answer(500, QJsonObject{{QStringLiteral("message"), error}});
    QJsonObject json = report->toJson();
    if (chainFails) {
        json.insert(QStringLiteral("verified"), false);
        json.insert(QStringLiteral("error"), QStringLiteral("hash mismatch at index 0"));
    }
    return answer(200, json);
}

} // namespace aegis::test
