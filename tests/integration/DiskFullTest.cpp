// A full disk: every authorization fails (nothing acknowledged is lost),
// /readyz says so until a write succeeds again, and the log keeps to a line
// per interval instead of several lines per failed request.
#include "tests/support/GatewayApi.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include <csignal>
#include <sys/resource.h>

using namespace aegis::test;

class DiskFullTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aFullDiskShowsInReadinessUntilAWriteSucceeds()
    {
        ScratchDir dir(QStringLiteral("full"));
        GatewayProcess gateway(dir.path());
        // Writes past this fail as on a full disk (the gateway ignores SIGXFSZ).
        gateway.setFileSizeLimit(1024 * 1024);
        gateway.setEnv(QStringLiteral("AEGIS_WAL_MAX_BYTES"), QStringLiteral("65536"));
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        GatewayApi api(gateway.adminClient());
        const QByteArray token = api.registerAgent(QStringLiteral("filler"));
        QVERIFY(!token.isEmpty());

        int acknowledged = 0;
        int status = 200;
        for (int i = 0; i < 20000 && status == 200; ++i) {
            status = api.authorize(token, QStringLiteral("fs"), QStringLiteral("write_%1").arg(i)).status;
            acknowledged += status == 200 ? 1 : 0;
        }
        QCOMPARE(status, 500);
        for (int i = 0; i < 200; ++i)
            QCOMPARE(api.authorize(token, QStringLiteral("fs"), QStringLiteral("again_%1").arg(i)).status, 500);

        const HttpTestResponse ready = gateway.client().get(QStringLiteral("/readyz"));
        QCOMPARE(ready.status, 503);
        const QJsonObject body = ready.json();
        QVERIFY2(body.value(QStringLiteral("failing")).toArray().contains(QStringLiteral("writable")), ready.body.constData());
        QVERIFY2(body.value(QStringLiteral("reasons")).toObject().value(QStringLiteral("writable")).toString().contains(
                     QStringLiteral("the last write failed")),
                 ready.body.constData());
        QCOMPARE(body.value(QStringLiteral("writable")).toBool(), false);

        // Two hundred failures, a line or two each kind: not three per request.
        const QString log = gateway.output();
        QVERIFY2(log.count(QStringLiteral("authorization not recorded")) <= 2, qPrintable(log.right(3000)));
        QVERIFY2(log.count(QStringLiteral("commit failed")) <= 2, qPrintable(log.right(3000)));

        // Room again: the next write succeeds and readiness comes back.
        struct rlimit room = {};
        QCOMPARE(::prlimit(pid_t(gateway.pid()), RLIMIT_FSIZE, nullptr, &room), 0);
        room.rlim_cur = room.rlim_max;
        QCOMPARE(::prlimit(pid_t(gateway.pid()), RLIMIT_FSIZE, &room, nullptr), 0);
        QCOMPARE(api.authorize(token, QStringLiteral("fs"), QStringLiteral("after")).status, 200);
        ++acknowledged;
        const QByteArray afterWrite = gateway.client().get(QStringLiteral("/readyz")).body;
        QVERIFY2(QJsonDocument::fromJson(afterWrite).object().value(QStringLiteral("writable")).toBool(), afterWrite.constData());
        QVERIFY(gateway.output().contains(QStringLiteral("writes succeed again")));
        // The log grew past its bound while it could not be reset; it is cut
        // back at the first restart after room came back, which takes a few
        // more commits.
        for (int i = 0; i < 200 && gateway.client().get(QStringLiteral("/readyz")).status != 200; ++i) {
            QCOMPARE(api.authorize(token, QStringLiteral("fs"), QStringLiteral("more_%1").arg(i)).status, 200);
            ++acknowledged;
        }
        const HttpTestResponse readyAgain = gateway.client().get(QStringLiteral("/readyz"));
        QVERIFY2(readyAgain.status == 200, readyAgain.body.constData());

        // Every acknowledged decision is there, and the chain verifies.
        const QJsonObject summary = api.admin().get(QStringLiteral("/v1/admin/summary")).json();
        QCOMPARE(summary.value(QStringLiteral("receipts")).toInteger(), qint64(acknowledged));
        const QJsonObject verified = api.admin().post(QStringLiteral("/v1/receipts/verify-range"), "{}").json();
        QVERIFY2(verified.value(QStringLiteral("verified")).toBool(), QJsonDocument(verified).toJson().constData());
        QCOMPARE(gateway.stop(SIGTERM), 0);
    }
};

QTEST_GUILESS_MAIN(DiskFullTest)
#include "DiskFullTest.moc"
