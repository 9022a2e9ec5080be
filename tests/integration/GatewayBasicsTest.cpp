// The real aegis-gateway binary: start-up, configuration refusals, probes,
// authentication and the error shapes, as an operator or a client sees them.
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"
#include "tests/support/SqliteShell.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QtTest>

#include <csignal>

using namespace aegis::test;

namespace {

QString runBinary(const QStringList &arguments, int *exitCode)
{
    QProcess process;
    process.start(GatewayProcess::binary(), arguments);
    process.waitForFinished(30000);
    *exitCode = process.exitCode();
    return QString::fromUtf8(process.readAllStandardOutput() + process.readAllStandardError());
}

} // namespace

class GatewayBasicsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void informationalFlags()
    {
        int status = -1;
        QVERIFY(runBinary({QStringLiteral("--version")}, &status).startsWith(QStringLiteral("aegis-gateway ")));
        QCOMPARE(status, 0);
        const QString schema = runBinary({QStringLiteral("--schema-version")}, &status).trimmed();
        QCOMPARE(status, 0);
        QVERIFY2(schema.toInt() >= 2, qPrintable(schema));
        const QString help = runBinary({QStringLiteral("--help")}, &status);
        QCOMPARE(status, 0);
        QVERIFY(help.contains(QStringLiteral("AEGIS_MAX_BODY_BYTES")));
    }

    void firstStartCreatesDatabaseAndTokenAndAnswersProbes()
    {
        ScratchDir dir(QStringLiteral("first-start"));
        GatewayProcess gateway(dir.path());
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));

        const QFileInfo token(dir.filePath(QStringLiteral("db/admin.token")));
        QVERIFY(token.exists());
        QCOMPARE(token.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        QCOMPARE(gateway.adminToken().size(), 64);
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("db/aegisagent.db"))));
        // The log names the token file, never the token.
        QVERIFY(gateway.output().contains(token.absoluteFilePath()));
        QVERIFY(!gateway.output().contains(QString::fromLatin1(gateway.adminToken())));

        const auto health = gateway.client().get(QStringLiteral("/health"));
        QCOMPARE(health.status, 200);
        QCOMPARE(health.header("content-type"), QByteArray("application/json"));
        QCOMPARE(health.json().value(QStringLiteral("status")).toString(), QStringLiteral("healthy"));
        QCOMPARE(health.json().value(QStringLiteral("db")).toString(), QStringLiteral("up"));
        QVERIFY(!health.json().value(QStringLiteral("version")).toString().isEmpty());

        const auto ready = gateway.client().get(QStringLiteral("/readyz"));
        QCOMPARE(ready.status, 200);
        QCOMPARE(ready.json().value(QStringLiteral("status")).toString(), QStringLiteral("ready"));
        QCOMPARE(ready.json().value(QStringLiteral("migrations")).toString(), QStringLiteral("current"));
        QCOMPARE(ready.json().value(QStringLiteral("writable")).toBool(), true);
        QVERIFY(ready.json().value(QStringLiteral("schema_version")).toInt() >= 2);

        QCOMPARE(gateway.client().get(QStringLiteral("/livez")).json().value(QStringLiteral("status")).toString(),
                 QStringLiteral("alive"));
        const auto version = gateway.client().get(QStringLiteral("/v1/version")).json();
        QCOMPARE(version.value(QStringLiteral("name")).toString(), QStringLiteral("aegis-gateway"));
        QCOMPARE(version.value(QStringLiteral("schema_version")).toInt(), ready.json().value(QStringLiteral("schema_version")).toInt());

        // The same token on the next start.
        const QByteArray first = gateway.adminToken();
        QCOMPARE(gateway.stop(SIGTERM), 0);
        QVERIFY(gateway.start());
        QCOMPARE(gateway.adminToken(), first);
        QCOMPARE(gateway.adminClient().get(QStringLiteral("/metrics")).status, 200);
    }

    void errorShapes()
    {
        ScratchDir dir(QStringLiteral("errors"));
        GatewayProcess gateway(dir.path());
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        const auto client = gateway.client();

        const auto missing = client.get(QStringLiteral("/v1/nothing-here"));
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.header("content-type"), QByteArray("application/json"));
        QCOMPARE(missing.json(), (QJsonObject{{QStringLiteral("error"), QStringLiteral("not_found")},
                                               {QStringLiteral("message"), QStringLiteral("no such endpoint: /v1/nothing-here")},
                                               {QStringLiteral("status"), 404}}));

        const auto wrongMethod = client.post(QStringLiteral("/health"), "{}");
        QCOMPARE(wrongMethod.status, 405);
        QCOMPARE(wrongMethod.header("allow"), QByteArray("GET, HEAD"));
        QCOMPARE(wrongMethod.json().value(QStringLiteral("error")).toString(), QStringLiteral("method_not_allowed"));

        const auto head = client.send("HEAD", QStringLiteral("/health"));
        QCOMPARE(head.status, 200);
        QVERIFY(head.body.isEmpty());

        const auto tooBig = client.post(QStringLiteral("/health"), QByteArray(2 * 1024 * 1024, 'x'));
        QCOMPARE(tooBig.status, 413);
        QCOMPARE(tooBig.json().value(QStringLiteral("error")).toString(), QStringLiteral("payload_too_large"));
    }

    void authentication()
    {
        ScratchDir dir(QStringLiteral("auth"));
        GatewayProcess gateway(dir.path());
        gateway.setEnv(QStringLiteral("AEGIS_ADMIN_TOKEN"), QStringLiteral("correct-horse-battery-staple"));
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        auto client = gateway.client();

        const auto none = client.get(QStringLiteral("/metrics"));
        QCOMPARE(none.status, 401);
        QCOMPARE(none.header("www-authenticate").left(6), QByteArray("Bearer"));
        QCOMPARE(none.json().value(QStringLiteral("error")).toString(), QStringLiteral("unauthorized"));

        client.setBearer("correct-horse-battery-stapler");
        QCOMPARE(client.get(QStringLiteral("/metrics")).status, 401);
        client.setBearer("agent_tok_00000000000000000000000000000000");
        QCOMPARE(client.get(QStringLiteral("/metrics")).status, 401);

        client.setBearer("correct-horse-battery-staple");
        const auto metrics = client.get(QStringLiteral("/metrics"));
        QCOMPARE(metrics.status, 200);
        QVERIFY(metrics.header("content-type").startsWith("text/plain"));
        QVERIFY(metrics.body.contains("aegis_http_requests_total{route=\"/metrics\",method=\"GET\",status=\"401\"} 3"));

        client.setBearer({});
        QCOMPARE(client.get(QStringLiteral("/metrics"), {{"X-Aegis-Admin-Key", "correct-horse-battery-staple"}}).status, 200);

        QVERIFY(!gateway.output().contains(QStringLiteral("correct-horse")));
    }

    void probesReport503()
    {
        ScratchDir dir(QStringLiteral("probes-503"));
        GatewayProcess gateway(dir.path());
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));

        // A newer gateway migrated the database under this one.
        QVERIFY(SqliteShell::exec(gateway.databasePath(),
                               QStringLiteral("INSERT INTO schema_migrations VALUES (99, '0099_x', 'x', 'now')")));
        const auto notReady = gateway.client().get(QStringLiteral("/readyz"));
        QCOMPARE(notReady.status, 503);
        QCOMPARE(notReady.json().value(QStringLiteral("status")).toString(), QStringLiteral("not_ready"));
        QCOMPARE(notReady.json().value(QStringLiteral("migrations")).toString(), QStringLiteral("ahead"));
        QVERIFY(notReady.json().value(QStringLiteral("failing")).toArray().contains(QStringLiteral("migrations")));
        QCOMPARE(gateway.client().get(QStringLiteral("/health")).status, 200);

        // The database no longer reads as ours.
        QVERIFY(SqliteShell::exec(gateway.databasePath(),
                               QStringLiteral("ALTER TABLE schema_migrations RENAME TO gone")));
        const auto unhealthy = gateway.client().get(QStringLiteral("/health"));
        QCOMPARE(unhealthy.status, 503);
        QCOMPARE(unhealthy.json().value(QStringLiteral("status")).toString(), QStringLiteral("unhealthy"));
        QCOMPARE(unhealthy.json().value(QStringLiteral("db")).toString(), QStringLiteral("down"));
        QCOMPARE(gateway.client().get(QStringLiteral("/readyz")).json().value(QStringLiteral("db")).toString(),
                 QStringLiteral("down"));
        QCOMPARE(gateway.client().get(QStringLiteral("/livez")).status, 200);
    }

    void invalidConfigurationStopsWith78()
    {
        ScratchDir dir(QStringLiteral("bad-config"));
        GatewayProcess gateway(dir.path());
        gateway.setEnv(QStringLiteral("AEGIS_MAX_BODY_BYTES"), QStringLiteral("a lot"));
        QCOMPARE(gateway.runToExit(), 78);
        QVERIFY2(gateway.output().startsWith(QStringLiteral("aegis-gateway: AEGIS_MAX_BODY_BYTES: ")),
                 qPrintable(gateway.output()));
        QCOMPARE(gateway.output().trimmed().count(QLatin1Char('\n')), 0);
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("db"))));

        GatewayProcess remote(dir.path());
        remote.setEnv(QStringLiteral("AEGIS_BIND"), QStringLiteral("0.0.0.0:0"));
        QCOMPARE(remote.runToExit(), 78);
        QVERIFY2(remote.output().contains(QStringLiteral("AEGIS_BIND")), qPrintable(remote.output()));
        QVERIFY(remote.output().contains(QStringLiteral("AEGIS_ALLOW_PLAINTEXT_REMOTE")));
    }

    // Worded and numbered as the tools' usage errors, and nothing created.
    void unknownFlagStopsWith64()
    {
        ScratchDir dir(QStringLiteral("bad-flag"));
        GatewayProcess gateway(dir.path());
        gateway.arguments() << QStringLiteral("--no-such-flag");
        QCOMPARE(gateway.runToExit(), 64);
        QVERIFY2(gateway.output().startsWith(QStringLiteral("ERROR: Unknown option 'no-such-flag'.\n"
                                                            "(see aegis-gateway --help)")),
                 qPrintable(gateway.output()));
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("db"))));
    }

    // A second gateway on the same database used to remove the first one's
    // backup in progress ("left by a crash") and then serve the same chains
    // from another port.
    void aSecondGatewayOnTheSameDatabaseIsRefusedAndTouchesNothing()
    {
        ScratchDir dir(QStringLiteral("second-instance"));
        GatewayProcess first(dir.path());
        QVERIFY2(first.start(), qPrintable(first.lastError()));
        const QString inFlight = dir.filePath(QStringLiteral("backups/.nightly.db.partial"));
        QFile partial(inFlight);
        QVERIFY(partial.open(QIODevice::WriteOnly));
        partial.write("a backup being written");
        partial.close();

        GatewayProcess second(dir.path());
        QCOMPARE(second.runToExit(), 75);
        QVERIFY2(second.output().contains(QStringLiteral("PID %1").arg(first.pid())), qPrintable(second.output()));
        QVERIFY(second.output().contains(QStringLiteral("aegisagent.db.lock")));
        QVERIFY(QFileInfo::exists(inFlight));
        QCOMPARE(first.client().get(QStringLiteral("/health")).status, 200);

        // Once the first has stopped, the lock is free again.
        QCOMPARE(first.stop(SIGTERM), 0);
        QVERIFY2(second.start(), qPrintable(second.lastError()));
        QCOMPARE(second.stop(SIGTERM), 0);
    }

    void newerDatabaseIsRefusedAtStart()
    {
        ScratchDir dir(QStringLiteral("newer-db"));
        GatewayProcess gateway(dir.path());
        QVERIFY(gateway.start());
        QCOMPARE(gateway.stop(SIGTERM), 0);
        QVERIFY(SqliteShell::exec(gateway.databasePath(),
                               QStringLiteral("INSERT INTO schema_migrations VALUES (57, '0057_future', 'x', 'now')")));
        const int status = gateway.runToExit();
        QCOMPARE(status, 65);
        QVERIFY2(gateway.output().contains(QStringLiteral("57")), qPrintable(gateway.output()));
        QVERIFY2(gateway.output().contains(QStringLiteral("refusing to start")), qPrintable(gateway.output()));

        ScratchDir junk(QStringLiteral("not-a-db"));
        QDir().mkpath(junk.filePath(QStringLiteral("db")));
        QFile file(junk.filePath(QStringLiteral("db/aegisagent.db")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, '\x7f'));
        file.close();
        GatewayProcess onJunk(junk.path());
        QCOMPARE(onJunk.runToExit(), 65);
        // The file that is not ours is left exactly as it was.
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray(4096, '\x7f'));
    }

    void sigtermLeavesOneSelfContainedFile_data()
    {
        QTest::addColumn<int>("signalNumber");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
    }

    void sigtermLeavesOneSelfContainedFile()
    {
        QFETCH(int, signalNumber);
        ScratchDir dir(QStringLiteral("shutdown-%1").arg(signalNumber));
        GatewayProcess gateway(dir.path());
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        QCOMPARE(gateway.client().get(QStringLiteral("/readyz")).status, 200);
        QVERIFY(QFileInfo::exists(gateway.databasePath() + QStringLiteral("-wal")));
        QCOMPARE(gateway.stop(signalNumber), 0);
        QVERIFY2(!QFileInfo::exists(gateway.databasePath() + QStringLiteral("-wal")), qPrintable(gateway.output()));
        QVERIFY(!QFileInfo::exists(gateway.databasePath() + QStringLiteral("-shm")));
        QVERIFY(gateway.output().contains(QStringLiteral("single self-contained file")));
    }
};

QTEST_GUILESS_MAIN(GatewayBasicsTest)
#include "GatewayBasicsTest.moc"
