// Service control with real processes: systemd through a stand-in
// `systemctl` first on PATH (it records its arguments and really stops and
// starts a gateway), the operator's own command lines, and manual control,
// where the restore waits for the operator for as long as it takes and goes
// on only once it sees the effect.
#include "tests/integration/restore/RestoreScenario.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QTcpServer>
#include <QThread>
#include <QtTest>

#include <csignal>

using namespace aegis;
using namespace aegis::test;

namespace {

quint16 freePort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost);
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

// The stand-in: systemctl stop|start <unit>, backed by a real gateway.
QString writeSystemctl(RestoreScenario &scenario, quint16 port, bool refuseStop)
{
    const QString bin = scenario.dir() + QStringLiteral("/bin");
    QDir().mkpath(bin);
    QString script = QStringLiteral(R"SH(#!/bin/sh
# Stand-in for systemctl, for tests only: records its arguments, then stops
# or starts a real aegis-gateway for the unit. Like systemctl, "stop" may
# return before the process is gone: the restore must prove it stopped.
echo "$*" >> "@DIR@/systemctl.log"
case "$1" in
stop)
    if [ "@REFUSE@" = "1" ]; then echo "Failed to stop $2: Access denied" >&2; exit 4; fi
    [ -f "@DIR@/gateway.pid" ] && kill -TERM "$(cat "@DIR@/gateway.pid")" 2>/dev/null
    exit 0 ;;
start)
    cd "@DIR@" || exit 1
    AEGIS_DB_PATH="@DIR@/db/aegisagent.db" AEGIS_BIND="127.0.0.1:@PORT@" \
        AEGIS_ADMIN_TOKEN_FILE="@DIR@/db/admin.token" "@GATEWAY@" >> "@DIR@/gateway.log" 2>&1 < /dev/null &
    echo $! > "@DIR@/gateway.pid"
    exit 0 ;;
*)
    echo "unsupported: $*" >&2; exit 1 ;;
esac
)SH");
    script.replace(QStringLiteral("@DIR@"), scenario.dir())
        .replace(QStringLiteral("@PORT@"), QString::number(port))
        .replace(QStringLiteral("@GATEWAY@"), RestoreScenario::gatewayBinary())
        .replace(QStringLiteral("@REFUSE@"), refuseStop ? QStringLiteral("1") : QStringLiteral("0"));
    QFile file(bin + QStringLiteral("/systemctl"));
    file.open(QIODevice::WriteOnly | QIODevice::Truncate);
    file.write(script.toUtf8());
    file.close();
    file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return file.fileName();
}

bool waitForHealth(RestoreScenario &scenario)
{
    QDeadlineTimer deadline(30000);
    while (!deadline.hasExpired()) {
        if (HttpTestClient(QStringLiteral("127.0.0.1"), scenario.port()).get(QStringLiteral("/health")).status == 200)
            return true;
        QThread::msleep(100);
    }
    return false;
}

QString readLog(RestoreScenario &scenario)
{
    QFile file(scenario.dir() + QStringLiteral("/systemctl.log"));
    file.open(QIODevice::ReadOnly);
    return QString::fromUtf8(file.readAll());
}

QProcessEnvironment withStandIn(RestoreScenario &scenario)
{
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(QStringLiteral("PATH"), scenario.dir() + QStringLiteral("/bin:") + environment.value(QStringLiteral("PATH")));
    return environment;
}

// A gateway started through the stand-in, with evidence, a backup, newer evidence.
bool prepare(RestoreScenario &scenario, quint16 port, bool refuseStop, QString *systemctl)
{
    *systemctl = writeSystemctl(scenario, port, refuseStop);
    scenario.setPort(port);
    if (scenario.run(*systemctl, {QStringLiteral("start"), QStringLiteral("aegis-test.service")}).exitCode != 0 || !waitForHealth(scenario))
        return false;
    QFile::remove(scenario.dir() + QStringLiteral("/systemctl.log"));
    return scenario.addEvidence(2) && scenario.takeBackup(QStringLiteral("b.db")) && scenario.addEvidence(2);
}

QStringList arguments(RestoreScenario &scenario)
{
    return {QStringLiteral("--db"), scenario.database(), QStringLiteral("--url"), scenario.url(),
            QStringLiteral("--token-file"), scenario.tokenFile(), QStringLiteral("--backup"), scenario.backup(),
            QStringLiteral("--gateway-binary"), RestoreScenario::gatewayBinary(), QStringLiteral("--yes")};
}

} // namespace

class RestoreServiceControlTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void systemdThroughSystemctl()
    {
        RestoreScenario scenario(QStringLiteral("systemd"));
        QString systemctl;
        QVERIFY2(prepare(scenario, freePort(), false, &systemctl), qPrintable(scenario.lastError()));
        const qint64 before = scenario.gatewayHolding();
        QVERIFY(before > 0);
        const RestoreScenario::Run run = scenario.run(RestoreScenario::restoreBinary(),
            arguments(scenario) << QStringLiteral("--service") << QStringLiteral("systemd:aegis-test.service"), 240000,
            withStandIn(scenario));
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        QCOMPARE(readLog(scenario), QStringLiteral("stop aegis-test.service\nstart aegis-test.service\n"));
        QVERIFY(scenario.gatewayHolding() > 0);
        QVERIFY(scenario.gatewayHolding() != before);
        QCOMPARE(scenario.served(), scenario.manifestState());
        scenario.run(systemctl, {QStringLiteral("stop"), QStringLiteral("aegis-test.service")});
    }

    void systemdRefusalTouchesNothing()
    {
        RestoreScenario scenario(QStringLiteral("systemd-denied"));
        QString systemctl;
        QVERIFY2(prepare(scenario, freePort(), true, &systemctl), qPrintable(scenario.lastError()));
        const ServedState before = scenario.served();
        const qint64 pid = scenario.gatewayHolding();
        const QStringList files = scenario.databaseDirectory();
        const RestoreScenario::Run run = scenario.run(RestoreScenario::restoreBinary(),
            arguments(scenario) << QStringLiteral("--service") << QStringLiteral("systemd:aegis-test.service"), 240000,
            withStandIn(scenario));
        QVERIFY2(run.exitCode == 1, qPrintable(run.output));
        QVERIFY2(run.output.contains(QStringLiteral("Access denied")), qPrintable(run.output));
        QVERIFY(run.output.contains(QStringLiteral("ABORTED")));
        QCOMPARE(readLog(scenario), QStringLiteral("stop aegis-test.service\n"));
        QCOMPARE(scenario.gatewayHolding(), pid);
        QCOMPARE(scenario.served(), before);
        // Only the report of the attempt is new.
        QStringList now = scenario.databaseDirectory();
        now.removeIf([](const QString &name) { return name.contains(QStringLiteral(".report.")); });
        QCOMPARE(now, files);
        ::kill(pid_t(pid), SIGTERM);
        QVERIFY(scenario.stopAnyGateway());
    }

    void operatorCommands()
    {
        RestoreScenario scenario(QStringLiteral("commands"));
        QString systemctl;
        QVERIFY2(prepare(scenario, freePort(), false, &systemctl), qPrintable(scenario.lastError()));
        const RestoreScenario::Run run = scenario.run(RestoreScenario::restoreBinary(),
            arguments(scenario) << QStringLiteral("--stop-cmd") << (systemctl + QStringLiteral(" stop by-command"))
                                << QStringLiteral("--start-cmd") << (systemctl + QStringLiteral(" start by-command")));
        QVERIFY2(run.exitCode == 0, qPrintable(run.output));
        QCOMPARE(readLog(scenario), QStringLiteral("stop by-command\nstart by-command\n"));
        QCOMPARE(scenario.served(), scenario.manifestState());
        scenario.run(systemctl, {QStringLiteral("stop"), QStringLiteral("x")});
    }

    void manualWaitsForTheOperator()
    {
        RestoreScenario scenario(QStringLiteral("manual"));
        QString systemctl;
        QVERIFY2(prepare(scenario, freePort(), false, &systemctl), qPrintable(scenario.lastError()));
        QProcess restore;
        restore.setProcessChannelMode(QProcess::MergedChannels);
        restore.setStandardInputFile(QProcess::nullDevice());
        restore.start(RestoreScenario::restoreBinary(), arguments(scenario) << QStringLiteral("--manual"));
        QVERIFY(restore.waitForStarted());
        QString output;
        auto waitFor = [&](const QString &text) {
            QDeadlineTimer deadline(60000);
            while (!output.contains(text) && !deadline.hasExpired() && restore.state() == QProcess::Running) {
                restore.waitForReadyRead(200);
                output += QString::fromUtf8(restore.readAll());
            }
            return output.contains(text);
        };
        QVERIFY2(waitFor(QStringLiteral("Stop the gateway now")), qPrintable(output));
        // The operator takes a while: the restore waits, and nothing moves.
        QVERIFY2(waitFor(QStringLiteral("waiting for the gateway to stop")), qPrintable(output));
        QThread::msleep(2000);
        QVERIFY(restore.state() == QProcess::Running);
        QVERIFY2(QDir(scenario.dir() + QStringLiteral("/db")).entryList({QStringLiteral("*.bad-*")}, QDir::Files).isEmpty(),
                 "nothing moves before the gateway is seen stopped");
        QCOMPARE(scenario.run(systemctl, {QStringLiteral("stop"), QStringLiteral("by-hand")}).exitCode, 0);
        QVERIFY2(waitFor(QStringLiteral("Start the gateway now")), qPrintable(output));
        QCOMPARE(scenario.run(systemctl, {QStringLiteral("start"), QStringLiteral("by-hand")}).exitCode, 0);
        QVERIFY(restore.waitForFinished(120000));
        output += QString::fromUtf8(restore.readAll());
        QVERIFY2(restore.exitCode() == 0, qPrintable(output));
        QCOMPARE(scenario.served(), scenario.manifestState());
        scenario.run(systemctl, {QStringLiteral("stop"), QStringLiteral("x")});
    }
};

QTEST_GUILESS_MAIN(RestoreServiceControlTest)
#include "RestoreServiceControlTest.moc"
