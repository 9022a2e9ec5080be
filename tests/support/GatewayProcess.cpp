#include "tests/support/GatewayProcess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <atomic>
#include <csignal>
#include <sys/resource.h>

namespace aegis::test {

GatewayProcess::GatewayProcess(const QString &workDir)
    : m_workDir(workDir)
    , m_environment(QProcessEnvironment::systemEnvironment())
{
    // A test sees only what it sets: strip the operator's own settings.
    for (const QString &key : m_environment.keys()) {
        if (key.startsWith(QLatin1String("AEGIS_")) && key != QLatin1String("AEGIS_TEST_TMP")
            && key != QLatin1String("AEGIS_TEST_ARTIFACTS"))
            m_environment.remove(key);
    }
    m_environment.insert(QStringLiteral("AEGIS_BIND"), QStringLiteral("127.0.0.1:0"));
    m_environment.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("aegis.*.debug=true"));
    QDir().mkpath(workDir);
}

GatewayProcess::~GatewayProcess()
{
    if (!isRunning())
        return;
    const int status = stop(SIGTERM);
    if (status != 0) {
        // The last of the output holds the sanitizer's report, if any.
        qFatal("aegis-gateway in %s exited with status %d when stopped at the end of its test (-1: killed by a "
               "signal or stuck); its output ends:\n%s",
               qPrintable(m_workDir), status, qPrintable(output().right(8000)));
    }
}

QString GatewayProcess::binary()
{
    return QStringLiteral(AEGIS_GATEWAY_BINARY);
}

void GatewayProcess::configure(QProcess &process) const
{
    process.setProgram(binary());
    process.setArguments(m_arguments);
    process.setWorkingDirectory(m_workDir);
    process.setProcessEnvironment(m_environment);
    // Into a file, not a pipe: tests make blocking HTTP calls without
    // running an event loop, so nobody would drain a pipe, and a gateway
    // blocked writing its log (an access line per request) stops answering.
    static std::atomic<int> runs{0};
    m_logPath = QDir(m_workDir).filePath(QStringLiteral("aegis-gateway-%1.log").arg(++runs));
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.setStandardOutputFile(m_logPath);
    if (m_fileSizeLimit >= 0 || m_openFileLimit.first >= 0) {
        const qint64 fileSizeLimit = m_fileSizeLimit;
        const auto openFiles = m_openFileLimit;
        process.setChildProcessModifier([fileSizeLimit, openFiles] {
            if (fileSizeLimit >= 0) {
                // The soft limit only: a test may give the room back while the
                // gateway runs (raising a hard limit needs a privilege).
                struct rlimit fileSize = {};
                ::getrlimit(RLIMIT_FSIZE, &fileSize);
                fileSize.rlim_cur = rlim_t(fileSizeLimit);
                ::setrlimit(RLIMIT_FSIZE, &fileSize);
            }
            if (openFiles.first >= 0) {
                const struct rlimit limit = {rlim_t(openFiles.first), rlim_t(openFiles.second)};
                ::setrlimit(RLIMIT_NOFILE, &limit);
            }
        });
    }
}

bool GatewayProcess::start(int timeoutMs)
{
    m_process = std::make_unique<QProcess>();
    m_killed = false;
    configure(*m_process);
    m_output.clear();
    m_port = 0;
    m_process->start();
    if (!m_process->waitForStarted(timeoutMs)) {
        m_lastError = QStringLiteral("cannot start %1: %2").arg(binary(), m_process->errorString());
        return false;
    }
    static const QRegularExpression listening(QStringLiteral(R"(listening on https?://[^ ]*:(\d+))"));
    QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process->waitForFinished(20) || m_process->state() != QProcess::Running) {
            collect();
            m_lastError = QStringLiteral("the gateway exited with %1:\n%2")
                              .arg(m_process->exitCode())
                              .arg(QString::fromUtf8(m_output));
            return false;
        }
        collect();
        const QRegularExpressionMatch match = listening.match(QString::fromUtf8(m_output));
        if (match.hasMatch()) {
            m_port = quint16(match.captured(1).toUInt());
            return true;
        }
    }
    m_lastError = QStringLiteral("the gateway did not report listening in time:\n") + QString::fromUtf8(m_output);
    return false;
}

int GatewayProcess::runToExit(int timeoutMs)
{
    m_process = std::make_unique<QProcess>();
    m_killed = false;
    configure(*m_process);
    m_process->start();
    if (!m_process->waitForFinished(timeoutMs)) {
        m_process->kill();
        m_process->waitForFinished();
        collect();
        return -1;
    }
    collect();
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

bool GatewayProcess::isRunning() const
{
    return m_process && m_process->state() == QProcess::Running;
}

QString GatewayProcess::databasePath() const
{
    const QString configured = m_environment.value(QStringLiteral("AEGIS_DB_PATH"));
    const QString path = configured.isEmpty() ? QStringLiteral("db/aegisagent.db") : configured;
    return QDir(m_workDir).absoluteFilePath(path);
}

QByteArray GatewayProcess::adminToken() const
{
    const QString fromEnv = m_environment.value(QStringLiteral("AEGIS_ADMIN_TOKEN"));
    if (!fromEnv.isEmpty())
        return fromEnv.toUtf8();
    QFile file(QFileInfo(databasePath()).dir().filePath(QStringLiteral("admin.token")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll().trimmed();
}

qint64 GatewayProcess::pid() const
{
    return m_process ? m_process->processId() : -1;
}

qint64 GatewayProcess::residentKiB() const
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid()));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    }
    return -1;
}

HttpTestClient GatewayProcess::client() const
{
    return HttpTestClient(QStringLiteral("127.0.0.1"), m_port);
}

HttpTestClient GatewayProcess::adminClient() const
{
    HttpTestClient c = client();
    c.setBearer(adminToken());
    return c;
}

int GatewayProcess::stop(int signalNumber, int timeoutMs)
{
    // Not exitCode() alone: after a crash it is no status at all, and may read 0.
    if (!isRunning())
        return waitForExit(timeoutMs);
    ::kill(pid_t(m_process->processId()), signalNumber);
    return waitForExit(timeoutMs);
}

int GatewayProcess::waitForExit(int timeoutMs)
{
    if (!m_process)
        return -1;
    if (m_process->state() != QProcess::NotRunning && !m_process->waitForFinished(timeoutMs)) {
        kill();
        return -1;
    }
    collect();
    return m_process->exitStatus() == QProcess::NormalExit ? m_process->exitCode() : -1;
}

void GatewayProcess::kill()
{
    if (!m_process)
        return;
    m_killed = true;
    m_process->kill();
    m_process->waitForFinished(10000);
    collect();
}

QString GatewayProcess::output() const
{
    const_cast<GatewayProcess *>(this)->collect();
    return QString::fromUtf8(m_output);
}

void GatewayProcess::collect()
{
    QFile log(m_logPath);
    if (!m_logPath.isEmpty() && log.open(QIODevice::ReadOnly))
        m_output = log.readAll();
}

} // namespace aegis::test
