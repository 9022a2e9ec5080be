// Running out of file descriptors (issue 15, item 4): the gateway refuses a
// connection cap that the open-file limit cannot hold, raises the soft
// limit when the hard one allows, and when descriptors still run out it
// backs off, closes idle connections, keeps answering and says so once per
// interval instead of spinning on accept4.
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QtTest>

#include <csignal>
#include <memory>
#include <sys/resource.h>
#include <vector>

using namespace aegis::test;

namespace {

qint64 softOpenFileLimit(qint64 pid)
{
    QFile limits(QStringLiteral("/proc/%1/limits").arg(pid));
    if (!limits.open(QIODevice::ReadOnly))
        return -1;
    static const QRegularExpression line(QStringLiteral(R"(Max open files\s+(\d+))"));
    const auto match = line.match(QString::fromLatin1(limits.readAll()));
    return match.hasMatch() ? match.captured(1).toLongLong() : -1;
}

qint64 openDescriptors(qint64 pid)
{
    return QDir(QStringLiteral("/proc/%1/fd").arg(pid)).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size();
}

} // namespace

class DescriptorExhaustionTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void refusesACapTheOpenFileLimitCannotHold()
    {
        ScratchDir dir(QStringLiteral("nofile-refused"));
        GatewayProcess gateway(dir.path());
        gateway.setOpenFileLimit(64, 64);
        gateway.setEnv(QStringLiteral("AEGIS_MAX_CONNECTIONS"), QStringLiteral("512"));
        QCOMPARE(gateway.runToExit(20000), 78);
        const QString output = gateway.output();
        QVERIFY2(output.contains(QStringLiteral("AEGIS_MAX_CONNECTIONS")), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("open-file limit is 64")), qPrintable(output));
        // Refused before it touched anything.
        QVERIFY(!QFile::exists(gateway.databasePath()));
    }

    void raisesTheSoftLimitAsFarAsTheHardOneAllows()
    {
        ScratchDir dir(QStringLiteral("nofile-raised"));
        GatewayProcess gateway(dir.path());
        gateway.setOpenFileLimit(64, 4096);
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        // 512 connections and their margin do not fit into 64.
        QVERIFY(softOpenFileLimit(gateway.pid()) > 512);
        QVERIFY(gateway.output().contains(QStringLiteral("raised the open-file limit from 64")));
        QCOMPARE(gateway.client().get(QStringLiteral("/health")).status, 200);
        QCOMPARE(gateway.stop(SIGTERM), 0);
    }

    void runningOutOfDescriptorsBacksOffAndKeepsAnswering()
    {
        ScratchDir dir(QStringLiteral("nofile-exhausted"));
        GatewayProcess gateway(dir.path());
        // The caps are not what stops these connections: the descriptors are.
        gateway.setEnv(QStringLiteral("AEGIS_MAX_CONNECTIONS"), QStringLiteral("200"));
        gateway.setEnv(QStringLiteral("AEGIS_MAX_CONNECTIONS_PER_CLIENT"), QStringLiteral("200"));
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        QCOMPARE(gateway.client().get(QStringLiteral("/health")).status, 200);

        // Leave the running gateway room for a dozen more descriptors.
        struct rlimit limit = {};
        QCOMPARE(::prlimit(pid_t(gateway.pid()), RLIMIT_NOFILE, nullptr, &limit), 0);
        const rlim_t original = limit.rlim_cur;
        limit.rlim_cur = rlim_t(openDescriptors(gateway.pid()) + 12);
        QCOMPARE(::prlimit(pid_t(gateway.pid()), RLIMIT_NOFILE, &limit, nullptr), 0);

        // Idle connections, more than fit: the rest wait in the listen queue.
        std::vector<std::unique_ptr<QTcpSocket>> idle;
        for (int i = 0; i < 40; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QStringLiteral("127.0.0.1"), gateway.port());
            QVERIFY(socket->waitForConnected(5000));
            idle.push_back(std::move(socket));
        }

        // Before the fix: accept4 failed with EMFILE thousands of times a
        // second, this request waited behind the idle ones for ever, and the
        // log said nothing.
        HttpTestClient client = gateway.client();
        client.setTimeoutMs(15000);
        const HttpTestResponse health = client.get(QStringLiteral("/health"));
        QVERIFY2(health.status == 200, qPrintable(health.error + gateway.output().right(2000)));

        const QString log = gateway.output();
        QCOMPARE(log.count(QStringLiteral("out of file descriptors accepting a connection")), 1);
        QVERIFY2(log.contains(QStringLiteral("Too many open files")), qPrintable(log.right(2000)));
        // Room was made by closing idle connections, the longest idle first.
        int closed = 0;
        for (const auto &socket : idle) {
            socket->waitForReadyRead(50);
            closed += socket->state() != QAbstractSocket::ConnectedState ? 1 : 0;
        }
        QVERIFY(closed > 0);

        limit.rlim_cur = original;
        QCOMPARE(::prlimit(pid_t(gateway.pid()), RLIMIT_NOFILE, &limit, nullptr), 0);
        idle.clear();
        QCOMPARE(gateway.stop(SIGTERM), 0);
    }
};

QTEST_GUILESS_MAIN(DescriptorExhaustionTest)
#include "DescriptorExhaustionTest.moc"
