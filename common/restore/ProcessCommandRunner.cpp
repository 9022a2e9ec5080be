#include "common/restore/ProcessCommandRunner.h"

#include <QProcess>

namespace aegis {

namespace {

constexpr qsizetype MaxOutput = 4000;

} // namespace

ProcessCommandRunner::ProcessCommandRunner()
    : m_environment(QProcessEnvironment::systemEnvironment())
{
}

ProcessCommandRunner::ProcessCommandRunner(QProcessEnvironment environment)
    : m_environment(std::move(environment))
{
}

CommandResult ProcessCommandRunner::run(const QString &program, const QStringList &arguments, int timeoutMs)
{
    CommandResult result;
    QProcess process;
    process.setProcessEnvironment(m_environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    // A command must never wait for a person on a terminal that is not there.
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(program, arguments);
    if (!process.waitForStarted(timeoutMs)) {
        result.error = QStringLiteral("%1 could not be started: %2").arg(program, process.errorString());
        return result;
    }
    result.started = true;
    if (!process.waitForFinished(timeoutMs)) {
        result.timedOut = true;
        process.kill();
        process.waitForFinished(5000);
    }
    QString output = QString::fromLocal8Bit(process.readAll()).trimmed();
    if (output.size() > MaxOutput)
        output = output.left(MaxOutput) + QStringLiteral(" …");
    result.output = output;
    if (!result.timedOut) {
        if (process.exitStatus() == QProcess::CrashExit) {
            result.exitCode = -1;
            result.error = QStringLiteral("%1 crashed").arg(program);
        } else {
            result.exitCode = process.exitCode();
        }
    }
    return result;
}

} // namespace aegis
