#include "common/restore/CommandServiceControl.h"

namespace aegis {

CommandServiceControl::CommandServiceControl(CommandRunner &runner, QString stopCommand, QString startCommand,
                                             int timeoutMs)
    : m_runner(runner)
    , m_stop(std::move(stopCommand))
    , m_start(std::move(startCommand))
    , m_timeoutMs(timeoutMs)
{
}

QString CommandServiceControl::describe() const
{
    return QStringLiteral("stop: %1; start: %2").arg(m_stop, m_start);
}

ServiceControl::Result CommandServiceControl::stop()
{
    return runLine(QStringLiteral("stop command"), m_stop);
}

ServiceControl::Result CommandServiceControl::start()
{
    return runLine(QStringLiteral("start command"), m_start);
}

ServiceControl::Result CommandServiceControl::runLine(const QString &what, const QString &line)
{
    Result out;
    if (line.trimmed().isEmpty()) {
        out.detail = QStringLiteral("no %1 was given").arg(what);
        return out;
    }
    const CommandResult result = m_runner.run(QStringLiteral("/bin/sh"), {QStringLiteral("-c"), line}, m_timeoutMs);
    out.ok = result.succeeded();
    out.detail = QStringLiteral("%1: %2").arg(what, result.describe());
    return out;
}

} // namespace aegis
