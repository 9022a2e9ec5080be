#include "tests/unit/restore/support/RecordingCommandRunner.h"

namespace aegis::test {

CommandResult RecordingCommandRunner::run(const QString &program, const QStringList &arguments, int)
{
    lines << (QStringList{program} + arguments).join(QLatin1Char(' '));
    if (!answers.isEmpty())
        return answers.takeFirst();
    CommandResult ok;
    ok.started = true;
    ok.exitCode = 0;
    return ok;
}

} // namespace aegis::test
