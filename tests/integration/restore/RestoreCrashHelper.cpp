// restore-crash-helper: aegis-restore with faults, for tests only.
//
//   restore-crash-helper [--crash-at N] [--fail OP:N] [--lie-hash N] [--free-bytes N] -- <aegis-restore arguments>
//
// --crash-at N    the Nth effectful file operation _exit()s the process
//                 instead of running (a copy first writes half its file):
//                 the engine killed at that point, as by a power cut of the
//                 console or kill -9.
// --fail OP:N     the Nth call of OP fails (OP: rename, copy, remove, write,
//                 chown, sync, hash, free, lock, status, read, mkpath).
// --lie-hash N    the Nth file hash answers zeros (a copy that did not reach
//                 the disk intact).
// --free-bytes N  the file system reports N bytes free.
// Exit status 86 means the crash happened.
#include "common/restore/PosixFileOperations.h"
#include "common/restore/RestoreCommand.h"
#include "tests/unit/restore/support/FaultyFileOperations.h"

#include <QCoreApplication>
#include <QTextStream>

#include <unistd.h>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList arguments = QCoreApplication::arguments();
    const QString program = arguments.takeFirst();
    aegis::PosixFileOperations posix;
    aegis::test::FaultyFileOperations files(posix);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QTextStream in(stdin);
    while (!arguments.isEmpty() && arguments.first() != QLatin1String("--")) {
        const QString option = arguments.takeFirst();
        const QString value = arguments.isEmpty() ? QString() : arguments.takeFirst();
        if (option == QLatin1String("--crash-at")) {
            files.crashAt(value.toInt(), [&out, &err] {
                out.flush();
                err.flush();
                ::_exit(86);
            });
        } else if (option == QLatin1String("--fail")) {
            files.failAt(value.section(QLatin1Char(':'), 0, 0), value.section(QLatin1Char(':'), 1).toInt(),
                         QStringLiteral("injected failure"));
        } else if (option == QLatin1String("--lie-hash")) {
            files.lieAboutHashAt(value.toInt(), QString(64, QLatin1Char('0')));
        } else if (option == QLatin1String("--free-bytes")) {
            files.freeBytesOverride = value.toLongLong();
        } else {
            err << "restore-crash-helper: unknown option " << option << Qt::endl;
            return 64;
        }
    }
    if (!arguments.isEmpty())
        arguments.removeFirst();
    arguments.prepend(program);
    aegis::RestoreCommand::Dependencies dependencies;
    dependencies.files = &files;
    aegis::RestoreCommand command(out, err, in, dependencies);
    const int status = command.run(arguments);
    out.flush();
    err.flush();
    return status;
}
