#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace aegis::test {

// One run of a command-line tool (aegis-verify-receipts and friends) to its
// end, with what it printed.
struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;

    static CliRun run(const QString &program, const QStringList &arguments, int timeoutMs = 120000);
};

} // namespace aegis::test
