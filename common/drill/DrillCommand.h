#pragma once

#include "common/drill/DrillRunner.h"

#include <QStringList>
#include <QTextStream>

#include <functional>

namespace aegis {

// aegis-drill: everything but main(), so that tests drive it in-process.
class DrillCommand
{
public:
    enum ExitCode
    {
        Passed = 0,
        Failed = 1,            // a step failed, or a limit was exceeded
        Cancelled = 2,         // SIGINT/SIGTERM; cleaned up
        ReportNotWritten = 3,  // the drill ran, but its proof could not be kept
        Usage = 64
    };

    // Writes the PDF beside the JSON report; empty when there is no writer
    // (the main wires QPdfWriter in: common has no Gui).
    using PdfWriter = std::function<bool(const DrillReport &report, const QString &reportSha256, const QString &path,
                                         QString *error)>;

    DrillCommand(QTextStream &out, QTextStream &err, DrillRunner::Dependencies dependencies = {});
    void setPdfWriter(PdfWriter writer) { m_pdf = std::move(writer); }

    // arguments as QCoreApplication::arguments(): the program name first.
    int run(const QStringList &arguments);

    static QString helpText();
    // The drill running now (for a signal handler), or null.
    static DrillRunner *current();

private:
    int usage(const QString &message);

    QTextStream &m_out;
    QTextStream &m_err;
    DrillRunner::Dependencies m_dependencies;
    PdfWriter m_pdf;
};

} // namespace aegis
