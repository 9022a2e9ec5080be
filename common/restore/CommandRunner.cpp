#include "common/restore/CommandRunner.h"

namespace aegis {

QString CommandResult::describe() const
{
    if (!started)
        return error.isEmpty() ? QStringLiteral("did not start") : error;
    if (timedOut)
        return QStringLiteral("did not finish in time%1").arg(output.isEmpty() ? QString() : QStringLiteral(": ") + output);
    const QString head = exitCode == 0 ? QStringLiteral("succeeded") : QStringLiteral("exit status %1").arg(exitCode);
    return output.isEmpty() ? head : head + QStringLiteral(": ") + output;
}

} // namespace aegis
