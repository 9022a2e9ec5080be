#pragma once

#include "common/restore/CommandRunner.h"

#include <QProcessEnvironment>

namespace aegis {

// CommandRunner over QProcess, with the caller's environment (PATH decides
// which systemctl runs: the tests put a stand-in first).
class ProcessCommandRunner : public CommandRunner
{
public:
    ProcessCommandRunner();
    explicit ProcessCommandRunner(QProcessEnvironment environment);

    CommandResult run(const QString &program, const QStringList &arguments, int timeoutMs) override;

private:
    QProcessEnvironment m_environment;
};

} // namespace aegis
