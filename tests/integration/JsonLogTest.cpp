// AEGIS_LOG_FORMAT=json: every line the gateway writes is one JSON object
// with time, level, category and message, and an access line carries the
// request's method, path, route, status and duration as fields. Plain text
// stays the default; a wrong value stops the start with a clear message.
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <csignal>

using namespace aegis::test;

namespace {

QList<QJsonObject> accessLines(const QList<QJsonObject> &lines, const QString &path)
{
    QList<QJsonObject> found;
    for (const QJsonObject &line : lines) {
        if (line.value(QStringLiteral("category")).toString() == QLatin1String("aegis.http.access")
            && line.value(QStringLiteral("path")).toString() == path)
            found.append(line);
    }
    return found;
}

} // namespace

class JsonLogTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyLineIsJsonWithRequestFields()
    {
        ScratchDir dir(QStringLiteral("json"));
        GatewayProcess gateway(dir.path());
        gateway.setEnv(QStringLiteral("AEGIS_LOG_FORMAT"), QStringLiteral("json"));
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));

        QCOMPARE(gateway.client().get(QStringLiteral("/health")).status, 200);
        QCOMPARE(gateway.client().get(QStringLiteral("/v1/no-such-thing")).status, 404);
        QCOMPARE(gateway.client().get(QStringLiteral("/v1/tenants")).status, 401);
        QCOMPARE(gateway.adminClient().get(QStringLiteral("/v1/tenants?limit=5")).status, 200);
        // Refused by the framer before any handler sees it.
        QCOMPARE(gateway.client().raw("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n").status, 400);
        const QByteArray token = gateway.adminToken();
        QCOMPARE(gateway.stop(SIGTERM), 0);

        const QString output = gateway.output();
        QVERIFY(!token.isEmpty());
        QVERIFY(!output.contains(QString::fromLatin1(token)));
        QList<QJsonObject> lines;
        const QStringList texts = output.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (const QString &text : texts) {
            QJsonParseError error;
            const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &error);
            QVERIFY2(error.error == QJsonParseError::NoError && document.isObject(),
                     qPrintable(QStringLiteral("not a JSON object: ") + text));
            const QJsonObject line = document.object();
            const QDateTime time =
                QDateTime::fromString(line.value(QStringLiteral("time")).toString(), Qt::ISODateWithMs);
            QVERIFY2(time.isValid() && time.timeSpec() == Qt::UTC, qPrintable(text));
            QVERIFY2(QStringList({QStringLiteral("debug"), QStringLiteral("info"), QStringLiteral("warning"),
                                  QStringLiteral("critical")})
                         .contains(line.value(QStringLiteral("level")).toString()),
                     qPrintable(text));
            QVERIFY2(!line.value(QStringLiteral("category")).toString().isEmpty(), qPrintable(text));
            QVERIFY2(!line.value(QStringLiteral("message")).toString().isEmpty(), qPrintable(text));
            lines.append(line);
        }
        // Start-up, the announcement scripts wait for, the requests, the stop.
        QVERIFY2(lines.size() >= 8, qPrintable(output));
        bool announced = false;
        for (const QJsonObject &line : std::as_const(lines))
            announced = announced || line.value(QStringLiteral("message")).toString().contains(QStringLiteral("listening on http://"));
        QVERIFY(announced);

        const QList<QJsonObject> health = accessLines(lines, QStringLiteral("/health"));
        QCOMPARE(health.size(), 2);
        QCOMPARE(health[0].value(QStringLiteral("level")).toString(), QStringLiteral("info"));
        QCOMPARE(health[0].value(QStringLiteral("method")).toString(), QStringLiteral("GET"));
        QCOMPARE(health[0].value(QStringLiteral("route")).toString(), QStringLiteral("/health"));
        QCOMPARE(health[0].value(QStringLiteral("status")).toInt(), 200);
        QVERIFY(health[0].value(QStringLiteral("duration_ms")).isDouble());
        QVERIFY(health[0].value(QStringLiteral("duration_ms")).toDouble() >= 0);
        QCOMPARE(health[0].value(QStringLiteral("client_gone")).toBool(true), false);
        QCOMPARE(health[1].value(QStringLiteral("status")).toInt(), 400);
        QCOMPARE(health[1].value(QStringLiteral("refused")).toBool(), true);

        const QList<QJsonObject> missing = accessLines(lines, QStringLiteral("/v1/no-such-thing"));
        QCOMPARE(missing.size(), 1);
        QCOMPARE(missing[0].value(QStringLiteral("status")).toInt(), 404);
        // The query string is not part of the path field.
        const QList<QJsonObject> tenants = accessLines(lines, QStringLiteral("/v1/tenants"));
        QCOMPARE(tenants.size(), 2);
        QCOMPARE(tenants[0].value(QStringLiteral("status")).toInt(), 401);
        QCOMPARE(tenants[1].value(QStringLiteral("status")).toInt(), 200);
    }

    void textIsTheDefault()
    {
        ScratchDir dir(QStringLiteral("text"));
        GatewayProcess gateway(dir.path());
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        QCOMPARE(gateway.client().get(QStringLiteral("/health")).status, 200);
        QCOMPARE(gateway.stop(SIGTERM), 0);
        const QString output = gateway.output();
        QVERIFY2(output.contains(QStringLiteral(" aegis.http.access: GET /health 200 ")), qPrintable(output));
        QVERIFY2(!output.contains(QStringLiteral("{\"time\"")), qPrintable(output));
    }

    void unknownFormatStopsTheStart()
    {
        ScratchDir dir(QStringLiteral("unknown"));
        GatewayProcess gateway(dir.path());
        gateway.setEnv(QStringLiteral("AEGIS_LOG_FORMAT"), QStringLiteral("xml"));
        QCOMPARE(gateway.runToExit(), 78);
        QVERIFY2(gateway.output().contains(QStringLiteral("AEGIS_LOG_FORMAT: expected text or json, not 'xml'")),
                 qPrintable(gateway.output()));
        QVERIFY(!QFileInfo::exists(gateway.databasePath()));
    }
};

QTEST_GUILESS_MAIN(JsonLogTest)
#include "JsonLogTest.moc"
