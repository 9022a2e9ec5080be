#include "tests/support/CliRun.h"

#include <QProcess>

namespace aegis::test {

CliRun CliRun::run(const QString &program, const QStringList &arguments, int timeoutMs)
{
    QProcess cli;
    cli.start(program, arguments);
    cli.waitForFinished(timeoutMs);
    return {cli.exitCode(), cli.readAllStandardOutput(), cli.readAllStandardError()};
}

} // namespace aegis::test
