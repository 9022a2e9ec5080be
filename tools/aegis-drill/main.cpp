// aegis-drill: the disaster-recovery drill for timers, cron and CI.
// The logic lives in aegis::DrillCommand (common/drill); the PDF writer is
// wired in here because it needs Qt Gui, which common does without.
#include "common/drill/DrillCommand.h"
#include "common/drill/pdf/DrillPdfWriter.h"

#include <QGuiApplication>
#include <QTextStream>

#include <csignal>

namespace {

void cancelDrill(int)
{
    // An atomic store: safe in a signal handler. The drill then stops its
    // throwaway gateway and removes its scratch directory before exiting.
    if (aegis::DrillRunner *runner = aegis::DrillCommand::current())
        runner->cancel();
}

} // namespace

int main(int argc, char **argv)
{
    // A timer runs without a display: fonts for the PDF come from the
    // offscreen platform unless the caller chose another.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("aegis-drill"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AEGIS_VERSION));
    std::signal(SIGINT, cancelDrill);
    std::signal(SIGTERM, cancelDrill);
    QTextStream out(stdout);
    QTextStream err(stderr);
    aegis::DrillCommand command(out, err);
    command.setPdfWriter(&aegis::DrillPdfWriter::write);
    const int status = command.run(QCoreApplication::arguments());
    out.flush();
    err.flush();
    return status;
}
