// aegis-drill-pdf: renders a drill's JSON report as the PDF for auditors.
// A program of its own because the PDF needs Qt Gui (fonts, QPdfWriter) and
// a server installs no GUI library: aegis-drill (in aegis-gateway) runs this
// helper when it is installed (it comes with aegis-console), and writes the
// JSON report alone when it is not. Also re-renders a saved report:
//   aegis-drill-pdf REPORT.json [OUT.pdf]
#include "common/crypto/Sha256.h"
#include "common/drill/DrillHistory.h"
#include "common/drill/DrillReport.h"
#include "common/drill/pdf/DrillPdfWriter.h"

#include <QFile>
#include <QGuiApplication>
#include <QJsonDocument>

#include <cstdio>

int main(int argc, char **argv)
{
    // Run from a timer without a display: fonts come from the offscreen
    // platform unless the caller chose another.
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("aegis-drill-pdf"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AEGIS_VERSION));
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 2 || arguments.size() > 3 || arguments.at(1).startsWith(QLatin1Char('-'))) {
        std::fputs("Usage: aegis-drill-pdf REPORT.json [OUT.pdf]\n"
                   "Writes the drill report for auditors (default: REPORT.pdf beside the JSON).\n",
                   stderr);
        return 64;
    }
    const QString jsonPath = arguments.at(1);
    const QString pdfPath = arguments.size() == 3 ? arguments.at(2) : aegis::DrillHistory::pdfPathFor(jsonPath);

    QFile file(jsonPath);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "aegis-drill-pdf: cannot read %s: %s\n", qPrintable(jsonPath), qPrintable(file.errorString()));
        return 66;
    }
    const QByteArray json = file.readAll();
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    QString error;
    const std::optional<aegis::DrillReport> report =
        document.isObject() ? aegis::DrillReport::fromJson(document.object(), &error) : std::nullopt;
    if (!report) {
        std::fprintf(stderr, "aegis-drill-pdf: %s is not a drill report: %s\n", qPrintable(jsonPath),
                     qPrintable(error.isEmpty() ? parseError.errorString() : error));
        return 65;
    }
    if (!aegis::DrillPdfWriter::write(*report, aegis::Sha256::hex(json), pdfPath, &error)) {
        std::fprintf(stderr, "aegis-drill-pdf: %s\n", qPrintable(error));
        return 73;
    }
    return 0;
}
