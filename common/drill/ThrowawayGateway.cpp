#include "common/drill/ThrowawayGateway.h"

#include "common/restore/RestoreContext.h"
#include "common/restore/RestoreWording.h"

#include <QDir>
#include <QHostAddress>
#include <QRandomGenerator>
#include <QTcpServer>

namespace aegis {

namespace {

bool sameAddress(const QUrl &production, quint16 port)
{
    if (production.port(-1) != int(port))
        return false;
    const QHostAddress host(production.host());
    // A production gateway on the wildcard or on any loopback name would
    // share the port with ours.
    return production.host() == QLatin1String("localhost") || host.isLoopback() || host == QHostAddress::AnyIPv4
        || host == QHostAddress::AnyIPv6 || host.isNull();
}

} // namespace

ThrowawayGateway::ThrowawayGateway(FileOperations &files, Clock &clock, ProbeFactory probes, QString binary,
                                   QString scratchDirectory, std::chrono::milliseconds pollInterval, int probeTimeoutMs)
    : m_files(files)
    , m_clock(clock)
    , m_probes(std::move(probes))
    , m_binary(std::move(binary))
    , m_scratch(std::move(scratchDirectory))
    , m_poll(pollInterval)
    , m_probeTimeoutMs(probeTimeoutMs)
{
}

ThrowawayGateway::~ThrowawayGateway() = default;

QString ThrowawayGateway::databasePath() const
{
    return QDir(m_scratch).filePath(QStringLiteral("restored/aegisagent.db"));
}

bool ThrowawayGateway::prepare(const QUrl &production, QString *error)
{
    // The kernel's choice of a free port; a port that production could share
    // is refused and another one asked for.
    quint16 port = 0;
    for (int attempt = 0; attempt < 8 && port == 0; ++attempt) {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0)) {
            *error = QStringLiteral("no free loopback port: %1").arg(probe.errorString());
            return false;
        }
        if (!sameAddress(production, probe.serverPort()))
            port = probe.serverPort();
    }
    if (port == 0) {
        *error = QStringLiteral("every free loopback port offered was production's (%1)").arg(production.toString());
        return false;
    }
    m_bind = QStringLiteral("127.0.0.1:%1").arg(port);

    QByteArray token = QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    token += QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    token += QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    const QString tokenFile = QDir(m_scratch).filePath(QStringLiteral("admin.token"));
    if (!m_files.writeDurably(tokenFile, token, error))
        return false;

    m_endpoint.baseUrl = QUrl(QStringLiteral("http://%1").arg(m_bind));
    m_endpoint.token = token;
    m_endpoint.timeoutMs = m_probeTimeoutMs;
    m_probe = m_probes(m_endpoint);

    ManagedGateway gateway;
    gateway.binary = m_binary;
    gateway.databasePath = databasePath();
    gateway.bind = m_bind;
    gateway.tokenFile = tokenFile;
    gateway.workingDirectory = m_scratch;
    gateway.logFile = QDir(m_scratch).filePath(QStringLiteral("gateway.log"));
    gateway.extraEnvironment = {{QStringLiteral("AEGIS_BACKUP_DIR"), QDir(m_scratch).filePath(QStringLiteral("backups"))},
                                {QStringLiteral("AEGIS_BACKUP_INTERVAL"), QStringLiteral("0")}};
    gateway.removedEnvironment = {QStringLiteral("AEGIS_ADMIN_TOKEN"), QStringLiteral("AEGIS_TLS_CERT"),
                                  QStringLiteral("AEGIS_TLS_KEY"), QStringLiteral("AEGIS_ALLOW_PLAINTEXT_REMOTE"),
                                  QStringLiteral("AEGIS_BACKUP_KEEP")};
    m_control = std::make_unique<ManagedServiceControl>(gateway, m_files);
    return true;
}

ServiceControl::Result ThrowawayGateway::start()
{
    return m_control->start();
}

qint64 ThrowawayGateway::pid() const
{
    return m_control ? m_control->startedPid() : 0;
}

bool ThrowawayGateway::isRunning() const
{
    return m_control && m_control->startedIsRunning();
}

bool ThrowawayGateway::exited() const
{
    return pid() > 0 && !isRunning();
}

std::unique_ptr<GatewayProbe> ThrowawayGateway::probeAs(const QByteArray &token) const
{
    GatewayEndpoint endpoint = m_endpoint;
    endpoint.token = token;
    return m_probes(endpoint);
}

GatewayStateWaiter::Outcome ThrowawayGateway::waitReady(std::chrono::milliseconds timeout, std::function<bool()> cancelled)
{
    RestoreContext context{m_files, *m_control, *m_probe, m_clock, nullptr};
    GatewayStateWaiter waiter(context, databasePath(), m_poll, m_probeTimeoutMs);
    waiter.setCancelled([this, cancelled] { return (cancelled && cancelled()) || exited(); });
    return waiter.waitReady(timeout, RestoreStep::WaitReady);
}

ThrowawayGateway::Stopped ThrowawayGateway::stop(std::chrono::milliseconds timeout)
{
    Stopped out;
    if (!m_control) {
        out.ok = true;
        out.detail = QStringLiteral("no gateway was started");
        return out;
    }
    const ServiceControl::Result asked = m_control->stopStarted();
    out.evidence.insert(QStringLiteral("signal"), asked.detail);
    if (!asked.ok) {
        out.detail = asked.detail;
        return out;
    }
    const qint64 started = m_clock.monotonicMs();
    while (isRunning() && m_clock.monotonicMs() - started < timeout.count())
        m_clock.sleepFor(m_poll);
    if (isRunning()) {
        out.detail = QStringLiteral("process %1 still runs %2 ms after SIGTERM").arg(pid()).arg(timeout.count());
        return out;
    }
    RestoreContext context{m_files, *m_control, *m_probe, m_clock, nullptr};
    GatewayStateWaiter waiter(context, databasePath(), m_poll, m_probeTimeoutMs);
    const qint64 left = std::max<qint64>(m_poll.count(), timeout.count() - (m_clock.monotonicMs() - started));
    const GatewayStateWaiter::Outcome stopped = waiter.waitStopped(std::chrono::milliseconds(left), RestoreStep::Stop);
    out.evidence.insert(QStringLiteral("stopped"), stopped.evidence);
    out.ok = stopped.reached;
    out.detail = stopped.reached
        ? QStringLiteral("process %1 exited; %2").arg(pid()).arg(RestoreWording::finding(stopped.finding))
        : RestoreWording::finding(stopped.finding);
    return out;
}

} // namespace aegis
