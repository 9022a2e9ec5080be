// aegis-drill: the disaster-recovery drill for timers, cron and CI.
// The logic lives in aegis::DrillCommand (common/drill). The PDF report
// needs Qt Gui, which a server does without: it is written by the
// aegis-drill-pdf helper when that is installed (with aegis-console).
#include "common/drill/DrillCommand.h"
#include "common/drill/DrillHistory.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
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

// Beside this binary (the build tree), or in <prefix>/lib/aegis (installed).
QString pdfHelper()
{
    const QDir here(QCoreApplication::applicationDirPath());
    for (const QString &candidate : {here.filePath(QStringLiteral("aegis-drill-pdf")),
                                     here.filePath(QStringLiteral("../lib/aegis/aegis-drill-pdf"))}) {
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    }
    return {};
}

bool writePdfWith(const QString &helper, const QString &pdfPath, QString *error)
{
    // DrillCommand saved the JSON report first; the PDF goes beside it.
    QString jsonPath = pdfPath;
    jsonPath.chop(4);
    jsonPath += QStringLiteral(".json");
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(helper, {jsonPath, pdfPath});
    if (!process.waitForFinished(5 * 60 * 1000) || process.exitStatus() != QProcess::NormalExit
        || process.exitCode() != 0) {
        *error = QStringLiteral("%1 failed: %2").arg(helper, QString::fromUtf8(process.readAll()).trimmed());
        if (process.state() != QProcess::NotRunning)
            process.kill();
        return false;
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("aegis-drill"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AEGIS_VERSION));
    std::signal(SIGINT, cancelDrill);
    std::signal(SIGTERM, cancelDrill);
    QTextStream out(stdout);
    QTextStream err(stderr);
    aegis::DrillCommand command(out, err);
    if (const QString helper = pdfHelper(); !helper.isEmpty()) {
        command.setPdfWriter([helper](const aegis::DrillReport &, const QString &, const QString &pdfPath,
                                      QString *error) { return writePdfWith(helper, pdfPath, error); });
    }
    const int status = command.run(QCoreApplication::arguments());
    out.flush();
    err.flush();
    return status;
}
