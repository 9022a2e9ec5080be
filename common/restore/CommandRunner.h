#pragma once

#include <QString>
#include <QStringList>

namespace aegis {

// The outcome of one external command (systemctl, an operator's stop line,
// `aegis-gateway --schema-version`).
struct CommandResult
{
    bool started = false;
    bool timedOut = false;
    int exitCode = -1;
    QString output; // stdout and stderr together, trimmed and capped
    QString error;  // why it did not start or finish

    bool succeeded() const { return started && !timedOut && exitCode == 0; }
    // "exit status 3: Unit aegis-gateway.service not loaded." and the like.
    QString describe() const;
};

// Runs external commands; injected so that service control can be tested
// without a systemd and every failure of a command can be provoked.
class CommandRunner
{
public:
    virtual ~CommandRunner() = default;
    virtual CommandResult run(const QString &program, const QStringList &arguments, int timeoutMs) = 0;
};

} // namespace aegis
