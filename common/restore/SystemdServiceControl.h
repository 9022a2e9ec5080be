#pragma once

#include "common/restore/CommandRunner.h"
#include "common/restore/ServiceControl.h"

namespace aegis {

// `systemctl stop|start <unit>`. The package's polkit rule lets members of
// aegis-admin do this without a root shell; systemctl's own refusal
// ("Access denied", "not loaded") is passed on word for word.
class SystemdServiceControl : public ServiceControl
{
public:
    static constexpr const char *DefaultUnit = "aegis-gateway.service";

    SystemdServiceControl(CommandRunner &runner, QString unit, int timeoutMs = 120000);

    Kind kind() const override { return Kind::Systemd; }
    QString describe() const override;
    Result stop() override;
    Result start() override;

private:
    Result systemctl(const QString &verb);

    CommandRunner &m_runner;
    QString m_unit;
    int m_timeoutMs;
};

} // namespace aegis
