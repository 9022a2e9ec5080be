#include "common/restore/ManagedServiceControl.h"

#include "common/util/ProcessState.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <sys/types.h>

namespace aegis {

namespace {

QString executableOf(qint64 pid)
{
    QString target = QFile::symLinkTarget(QStringLiteral("/proc/%1/exe").arg(pid));
    // A binary replaced by a rebuild still runs as "<path> (deleted)".
    const QLatin1String deleted(" (deleted)");
    if (target.endsWith(deleted))
        target.chop(deleted.size());
    return target;
}

} // namespace

ManagedServiceControl::ManagedServiceControl(ManagedGateway gateway, FileOperations &files)
    : m_gateway(std::move(gateway))
    , m_files(files)
{
}

QString ManagedServiceControl::resolvedBinary() const
{
    if (m_gateway.binary.contains(QLatin1Char('/')))
        return QFileInfo(m_gateway.binary).canonicalFilePath();
    return QFileInfo(QStandardPaths::findExecutable(m_gateway.binary)).canonicalFilePath();
}

QString ManagedServiceControl::describe() const
{
    return QStringLiteral("managed process %1 (database %2, bind %3)")
        .arg(m_gateway.binary, m_gateway.databasePath, m_gateway.bind);
}

ServiceControl::Result ManagedServiceControl::stop()
{
    const LockProbe probe = m_files.probeExclusiveLock(m_gateway.databasePath);
    if (probe.isFree())
        return {true, QStringLiteral("no process holds %1: nothing to stop").arg(m_gateway.databasePath)};
    if (probe.state == LockProbe::State::Error)
        return {false, probe.detail};
    if (probe.holderPid <= 0)
        return {false, QStringLiteral("a process holds %1 but the system does not name it; stop it yourself")
                           .arg(m_gateway.databasePath)};
    const QString binary = resolvedBinary();
    const QString running = executableOf(probe.holderPid);
    if (binary.isEmpty() || running != binary) {
        return {false, QStringLiteral("process %1 (%2) holds %3, and it is not the managed gateway %4; stop it yourself")
                           .arg(probe.holderPid)
                           .arg(running.isEmpty() ? QStringLiteral("executable unknown") : running,
                                m_gateway.databasePath, m_gateway.binary)};
    }
    if (::kill(pid_t(probe.holderPid), SIGTERM) != 0) {
        return {false, QStringLiteral("cannot send SIGTERM to the gateway (process %1): %2")
                           .arg(probe.holderPid)
                           .arg(QString::fromLocal8Bit(std::strerror(errno)))};
    }
    return {true, QStringLiteral("SIGTERM sent to the gateway (process %1)").arg(probe.holderPid)};
}

ServiceControl::Result ManagedServiceControl::start()
{
    const QString binary = resolvedBinary();
    if (binary.isEmpty())
        return {false, QStringLiteral("the gateway binary %1 was not found").arg(m_gateway.binary)};
    QProcess process;
    process.setProgram(binary);
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString &name : m_gateway.removedEnvironment)
        environment.remove(name);
    for (auto it = m_gateway.extraEnvironment.cbegin(); it != m_gateway.extraEnvironment.cend(); ++it)
        environment.insert(it.key(), it.value());
    environment.insert(QStringLiteral("AEGIS_DB_PATH"), m_gateway.databasePath);
    if (!m_gateway.bind.isEmpty())
        environment.insert(QStringLiteral("AEGIS_BIND"), m_gateway.bind);
    if (!m_gateway.tokenFile.isEmpty())
        environment.insert(QStringLiteral("AEGIS_ADMIN_TOKEN_FILE"), m_gateway.tokenFile);
    process.setProcessEnvironment(environment);
    const QString directory = m_gateway.workingDirectory.isEmpty() ? QDir::currentPath() : m_gateway.workingDirectory;
    process.setWorkingDirectory(directory);
    process.setStandardInputFile(QProcess::nullDevice());
    const QString log = m_gateway.logFile.isEmpty()
        ? QFileInfo(m_gateway.databasePath).absoluteDir().filePath(QStringLiteral("aegis-gateway.log"))
        : m_gateway.logFile;
    process.setStandardOutputFile(log, QIODevice::Append);
    process.setStandardErrorFile(log, QIODevice::Append);
    qint64 pid = 0;
    if (!process.startDetached(&pid))
        return {false, QStringLiteral("cannot start %1: %2").arg(binary, process.errorString())};
    m_startedPid = pid;
    return {true, QStringLiteral("started %1 as process %2 (output in %3)").arg(binary).arg(pid).arg(log), pid};
}

bool ManagedServiceControl::startedIsRunning() const
{
    if (m_startedPid <= 0 || ProcessState::of(m_startedPid) != ProcessState::State::Running)
        return false;
    // A process that is exiting has let go of its executable already: its
    // link reads empty, yet it still runs until it is a zombie.
    const QString running = executableOf(m_startedPid);
    return running.isEmpty() || running == resolvedBinary();
}

ServiceControl::Result ManagedServiceControl::stopStarted()
{
    if (!startedIsRunning())
        return {true, QStringLiteral("the gateway started as process %1 is not running").arg(m_startedPid)};
    if (executableOf(m_startedPid) != resolvedBinary())
        return {true, QStringLiteral("the gateway started as process %1 is exiting").arg(m_startedPid)};
    if (::kill(pid_t(m_startedPid), SIGTERM) != 0) {
        return {false, QStringLiteral("cannot send SIGTERM to the gateway (process %1): %2")
                           .arg(m_startedPid)
                           .arg(QString::fromLocal8Bit(std::strerror(errno)))};
    }
    return {true, QStringLiteral("SIGTERM sent to the gateway (process %1)").arg(m_startedPid)};
}

} // namespace aegis
