#include "common/restore/SystemdServiceControl.h"

namespace aegis {

SystemdServiceControl::SystemdServiceControl(CommandRunner &runner, QString unit, int timeoutMs)
    : m_runner(runner)
    , m_unit(unit.isEmpty() ? QLatin1String(DefaultUnit) : std::move(unit))
    , m_timeoutMs(timeoutMs)
{
}

QString SystemdServiceControl::describe() const
{
    return QStringLiteral("systemctl stop|start %1").arg(m_unit);
}

ServiceControl::Result SystemdServiceControl::stop()
{
    return systemctl(QStringLiteral("stop"));
}

ServiceControl::Result SystemdServiceControl::start()
{
    return systemctl(QStringLiteral("start"));
}

ServiceControl::Result SystemdServiceControl::systemctl(const QString &verb)
{
    const CommandResult result = m_runner.run(QStringLiteral("systemctl"), {verb, m_unit}, m_timeoutMs);
    Result out;
    out.ok = result.succeeded();
    out.detail = QStringLiteral("systemctl %1 %2: %3").arg(verb, m_unit, result.describe());
    return out;
}

} // namespace aegis
