#pragma once

#include "common/restore/CommandRunner.h"
#include "common/restore/ServiceControl.h"

namespace aegis {

// The operator's own stop and start command lines, run by /bin/sh -c.
class CommandServiceControl : public ServiceControl
{
public:
    CommandServiceControl(CommandRunner &runner, QString stopCommand, QString startCommand, int timeoutMs = 120000);

    Kind kind() const override { return Kind::Command; }
    QString describe() const override;
    Result stop() override;
    Result start() override;

private:
    Result runLine(const QString &what, const QString &line);

    CommandRunner &m_runner;
    QString m_stop;
    QString m_start;
    int m_timeoutMs;
};

} // namespace aegis
