// aegis-restore: the guided, verified restore for scripts and 3 a.m. shells.
// The logic lives in aegis::RestoreCommand (common/restore).
#include "common/restore/RestoreCommand.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("aegis-restore"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AEGIS_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    QTextStream in(stdin);
    aegis::RestoreCommand command(out, err, in);
    const int status = command.run(QCoreApplication::arguments());
    out.flush();
    err.flush();
    return status;
}
