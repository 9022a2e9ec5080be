#pragma once

#include "common/restore/CommandRunner.h"

#include <QList>
#include <QStringList>

namespace aegis::test {

// A CommandRunner that records each command line and answers from a queue
// (or succeeds with no output when the queue is empty).
class RecordingCommandRunner : public CommandRunner
{
public:
    CommandResult run(const QString &program, const QStringList &arguments, int timeoutMs) override;

    QList<CommandResult> answers;
    QStringList lines; // "systemctl stop aegis-gateway.service"
};

} // namespace aegis::test
