// systemd's notify protocol, spoken by the real gateway to a datagram
// socket of the test's own (what systemd does for a Type=notify unit):
// READY=1 only once the gateway answers, WATCHDOG=1 pings while it runs,
// STOPPING=1 when it is told to stop, and nothing from a refused start.
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

#include <csignal>
#include <cstddef>
#include <cstring>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

using namespace aegis::test;

namespace {

// The service manager's end: an abstract unix datagram socket (no path to
// clean up, no length limit from the build directory's depth).
class NotifySocket
{
public:
    NotifySocket()
    {
        static int count = 0;
        m_name = QStringLiteral("@aegis-notify-test-%1-%2").arg(::getpid()).arg(++count);
        m_fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        sockaddr_un address = {};
        address.sun_family = AF_UNIX;
        const QByteArray name = m_name.toUtf8();
        std::memcpy(address.sun_path + 1, name.constData() + 1, size_t(name.size() - 1));
        m_bound = m_fd >= 0
            && ::bind(m_fd, reinterpret_cast<const sockaddr *>(&address),
                      socklen_t(offsetof(sockaddr_un, sun_path) + size_t(name.size())))
                == 0;
    }
    ~NotifySocket()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    NotifySocket(const NotifySocket &) = delete;
    NotifySocket &operator=(const NotifySocket &) = delete;

    bool isBound() const { return m_bound; }
    QString name() const { return m_name; } // the value of NOTIFY_SOCKET

    // The next datagram, or an empty array when none came in time.
    QByteArray receive(int timeoutMs)
    {
        pollfd readable = {m_fd, POLLIN, 0};
        if (::poll(&readable, 1, timeoutMs) != 1)
            return {};
        char buffer[4096];
        const ssize_t size = ::recv(m_fd, buffer, sizeof buffer, 0);
        return size > 0 ? QByteArray(buffer, size) : QByteArray();
    }

    // Datagrams until one has `state` as a line; the others are kept in *seen.
    bool receiveUntil(const QByteArray &state, int timeoutMs, QList<QByteArray> *seen)
    {
        QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            const QByteArray message = receive(int(qMax<qint64>(1, deadline.remainingTime())));
            if (message.isEmpty())
                continue;
            seen->append(message);
            if (message.split('\n').contains(state))
                return true;
        }
        return false;
    }

private:
    QString m_name;
    int m_fd = -1;
    bool m_bound = false;
};

quint16 listeningPort(const QString &logPath)
{
    QFile log(logPath);
    if (!log.open(QIODevice::ReadOnly))
        return 0;
    static const QRegularExpression listening(QStringLiteral(R"(listening on http://[^ ]*:(\d+))"));
    return quint16(listening.match(QString::fromUtf8(log.readAll())).captured(1).toUInt());
}

} // namespace

class ServiceNotifyTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readyOnlyWhenServingThenWatchdogThenStopping()
    {
        ScratchDir dir(QStringLiteral("ready"));
        NotifySocket manager;
        QVERIFY(manager.isBound());

        // GatewayProcess's environment (no operator settings, a free port),
        // but a process of our own: GatewayProcess::start() would wait for
        // the listening line, and the order of the two is the point here.
        GatewayProcess settings(dir.path());
        QProcessEnvironment environment = settings.environment();
        environment.insert(QStringLiteral("NOTIFY_SOCKET"), manager.name());
        environment.insert(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("600000"));
        const QString logPath = dir.filePath(QStringLiteral("gateway.log"));
        QProcess gateway;
        gateway.setProgram(GatewayProcess::binary());
        gateway.setWorkingDirectory(dir.path());
        gateway.setProcessEnvironment(environment);
        gateway.setProcessChannelMode(QProcess::MergedChannels);
        gateway.setStandardOutputFile(logPath);
        gateway.start();
        QVERIFY(gateway.waitForStarted());

        // The first word from the gateway is READY=1, after migrations and
        // the listener: by then its port is printed and /readyz answers.
        const QByteArray first = manager.receive(60000);
        QVERIFY2(first.split('\n').contains("READY=1"), first.constData());
        QVERIFY2(first.contains("STATUS=serving on port "), first.constData());
        const quint16 port = listeningPort(logPath);
        QVERIFY2(port != 0, "READY=1 came before the gateway printed its listening port");
        const auto ready = HttpTestClient(QStringLiteral("127.0.0.1"), port).get(QStringLiteral("/readyz"));
        QCOMPARE(ready.status, 200);
        QCOMPARE(ready.json().value(QStringLiteral("status")).toString(), QStringLiteral("ready"));
        QVERIFY(first.contains(QByteArray::number(port)));

        // Pings at half of WATCHDOG_USEC, for as long as it runs.
        for (int ping = 0; ping < 3; ++ping) {
            QList<QByteArray> seen;
            QVERIFY2(manager.receiveUntil("WATCHDOG=1", 10000, &seen), "no watchdog ping");
        }

        ::kill(pid_t(gateway.processId()), SIGTERM);
        QList<QByteArray> seen;
        QVERIFY2(manager.receiveUntil("STOPPING=1", 30000, &seen), "no STOPPING=1 after SIGTERM");
        QVERIFY(gateway.waitForFinished(30000));
        QCOMPARE(gateway.exitStatus(), QProcess::NormalExit);
        QCOMPARE(gateway.exitCode(), 0);
    }

    void refusedStartNeverSaysReady()
    {
        ScratchDir dir(QStringLiteral("refused"));
        NotifySocket manager;
        QVERIFY(manager.isBound());
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("db/aegisagent.db")))); // a directory, not a database
        GatewayProcess gateway(dir.path());
        gateway.setEnv(QStringLiteral("NOTIFY_SOCKET"), manager.name());
        gateway.setEnv(QStringLiteral("WATCHDOG_USEC"), QStringLiteral("600000"));
        QCOMPARE(gateway.runToExit(), 78);
        // It has exited: whatever it sent is already queued on the socket.
        const QByteArray message = manager.receive(0);
        QVERIFY2(message.isEmpty(), message.constData());
    }
};

QTEST_GUILESS_MAIN(ServiceNotifyTest)
#include "ServiceNotifyTest.moc"
