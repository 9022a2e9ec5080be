#include "console/restore/RestoreReportWriter.h"

#include "common/restore/RestoreStep.h"
#include "common/restore/RestoreWording.h"
#include "console/restore/RestoreStepModel.h"
#include "console/restore/ResultRows.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSysInfo>
#include <QTextDocument>
#include <QTextOption>

namespace aegis::console {

namespace {

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString colourOf(RestoreReport::Outcome outcome)
{
    switch (outcome) {
    case RestoreReport::Outcome::Verified:
        return QStringLiteral("#1b6e20");
    case RestoreReport::Outcome::RolledBack:
    case RestoreReport::Outcome::Aborted:
    case RestoreReport::Outcome::Declined:
    case RestoreReport::Outcome::Planned:
        return QStringLiteral("#8a5a00");
    case RestoreReport::Outcome::Refused:
    case RestoreReport::Outcome::NeedsAttention:
        break;
    }
    return QStringLiteral("#b3261e");
}

QString row(const QStringList &cells, bool header = false, const QList<int> &widths = {})
{
    const QString tag = header ? QStringLiteral("th") : QStringLiteral("td");
    QString out = QStringLiteral("<tr>");
    for (int i = 0; i < cells.size(); ++i) {
        const QString width = i < widths.size() ? QStringLiteral(" width=\"%1%\"").arg(widths.at(i)) : QString();
        out += QStringLiteral("<%1%2>%3</%1>").arg(tag, width, escaped(cells.at(i)));
    }
    return out + QStringLiteral("</tr>");
}

const QString TableStart = QStringLiteral("<table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\">");

} // namespace

QString RestoreReportWriter::suffix(Format format)
{
    switch (format) {
    case Format::Json:
        return QStringLiteral("json");
    case Format::Text:
        return QStringLiteral("txt");
    case Format::Pdf:
        return QStringLiteral("pdf");
    }
    return QString();
}

QString RestoreReportWriter::toHtml(const RestoreReport &report)
{
    QString html = QStringLiteral("<html><body style=\"font-family:sans-serif; font-size:9pt\">");
    html += QStringLiteral("<h1>%1</h1>").arg(escaped(tr("Aegis restore report")));
    html += QStringLiteral("<h2 style=\"color:%1\">%2</h2>")
                .arg(colourOf(report.outcome), escaped(RestoreReport::outcomeSentence(report.outcome)));
    if (!report.failure.isEmpty())
        html += QStringLiteral("<p><b>%1</b> %2</p>")
                    .arg(escaped(tr("What failed:")), escaped(RestoreWording::failure(report)));
    if (!report.nextActions.isEmpty())
        html += QStringLiteral("<p><b>%1</b> %2</p>")
                    .arg(escaped(tr("What to do now:")), escaped(RestoreWording::nextActions(report.nextActions)));

    html += QStringLiteral("<table cellpadding=\"2\">");
    auto meta = [&html](const QString &label, const QString &value) {
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(escaped(label), escaped(value));
    };
    meta(tr("Report"), report.id);
    meta(tr("Database"), report.databasePath);
    meta(tr("Gateway"), tr("%1 (%2)").arg(report.gatewayUrl, report.service));
    meta(tr("Started"), report.startedAt);
    meta(tr("Finished"), report.finishedAt);
    if (report.resumed)
        meta(tr("Resumed"), tr("after an interruption, from the restore journal"));
    const QJsonObject &backup = report.backup;
    if (!backup.isEmpty()) {
        meta(tr("Backup"), backup.value(QStringLiteral("path")).toString());
        meta(tr("Backup SHA-256"), backup.value(QStringLiteral("sha256")).toString());
        meta(tr("Backup taken"), tr("%1 (age %2 s at the restore), schema %3, %4 bytes")
                                     .arg(backup.value(QStringLiteral("created_at")).toString())
                                     .arg(backup.value(QStringLiteral("age_seconds")).toInteger())
                                     .arg(backup.value(QStringLiteral("schema_version")).toInt())
                                     .arg(backup.value(QStringLiteral("size_bytes")).toInteger()));
        const QString manifest = backup.value(QStringLiteral("manifest")).toString();
        meta(tr("Manifest"), manifest.isEmpty() ? tr("none (restored knowingly without one)") : manifest);
    }
    meta(tr("Written by"), tr("aegis-console %1 on %2").arg(QStringLiteral(AEGIS_VERSION), QSysInfo::machineHostName()));
    html += QStringLiteral("</table>");

    const RestoreVerification &verification = report.verification;
    if (!verification.isEmpty()) {
        html += QStringLiteral("<h3>%1</h3>").arg(escaped(tr("Verification, as served by the gateway after the restore")));
        if (!verification.counts.isEmpty()) {
            html += TableStart + row({tr("Count"), tr("Served"), tr("In the backup"), tr("Verdict")}, true);
            for (const CountCheck &count : verification.counts) {
                html += row({ResultRows::countName(count.what), QString::number(count.served), QString::number(count.expected),
                    ResultRows::countVerdict(count)});
            }
            html += QStringLiteral("</table><br/>");
        }
        if (!verification.chains.isEmpty()) {
            html += TableStart
                + row({tr("Tenant"), tr("Receipts served"), tr("In the manifest"), tr("Verdict"), tr("Head served")}, true,
                    {12, 12, 12, 24, 40});
            for (const ServedChain &chain : verification.chains) {
                html += row({chain.tenant, QString::number(chain.count), QString::number(chain.expectedCount),
                    (chain.ok() ? tr("✔ %1") : tr("✖ %1")).arg(ResultRows::chainVerdict(chain)), chain.head});
            }
            html += QStringLiteral("</table>");
        }
    }

    if (!report.steps.isEmpty()) {
        html += QStringLiteral("<h3>%1</h3>").arg(escaped(tr("Steps")));
        html += TableStart + row({tr("Step"), tr("Started"), tr("Duration"), tr("Outcome"), tr("What happened")}, true,
            {18, 17, 9, 9, 47});
        for (const StepRecord &step : report.steps) {
            html += row({RestoreSteps::title(step.step), step.startedAt, RestoreStepModel::durationText(step.durationMs),
                StepRecord::outcomeName(step.outcome), RestoreWording::step(step)});
        }
        html += QStringLiteral("</table>");
    }

    if (!report.checks.isEmpty()) {
        html += QStringLiteral("<h3>%1</h3>").arg(escaped(tr("Checks before anything was touched")));
        html += TableStart + row({tr("Check"), tr("Result"), tr("Found")}, true, {30, 10, 60});
        for (const PreflightCheck &check : report.checks)
            html += row({check.title, PreflightCheck::statusName(check.status), RestoreWording::checkDetail(check)});
        html += QStringLiteral("</table>");
    }

    if (!report.files.isEmpty()) {
        html += QStringLiteral("<h3>%1</h3>").arg(escaped(tr("Where every file is now")));
        html += TableStart + row({tr("File"), tr("Path"), tr("SHA-256")}, true, {22, 43, 35});
        for (const ReportFile &file : report.files)
            html += row({ResultRows::fileName(file), file.path, file.sha256});
        html += QStringLiteral("</table>");
    }
    if (!report.disposition.isEmpty())
        html += QStringLiteral("<p><b>%1</b> %2</p>")
                    .arg(escaped(tr("The replaced files (.bad):")),
                         escaped(RestoreWording::finding(report.disposition)));
    html += QStringLiteral("</body></html>");
    return html;
}

bool RestoreReportWriter::write(const RestoreReport &report, Format format, const QString &path, QString *error)
{
    if (format == Format::Pdf) {
        {
            QPdfWriter writer(path);
            writer.setTitle(tr("Aegis restore report %1").arg(report.id));
            writer.setCreator(QStringLiteral("aegis-console %1").arg(QStringLiteral(AEGIS_VERSION)));
            writer.setPageSize(QPageSize(QPageSize::A4));
            writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
            QTextDocument document;
            // A hash or a path longer than its cell breaks anywhere instead
            // of running off the page.
            QTextOption option = document.defaultTextOption();
            option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
            document.setDefaultTextOption(option);
            document.setHtml(toHtml(report));
            document.print(&writer);
        }
        // QPdfWriter reports nothing; a missing or empty file is the only sign.
        QFile check(path);
        if (!check.exists() || check.size() == 0) {
            *error = tr("%1 could not be written.").arg(path);
            return false;
        }
        return true;
    }
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("%1 cannot be written: %2").arg(path, file.errorString());
        return false;
    }
    file.write(format == Format::Json ? QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented)
                                      : report.toText().toUtf8());
    if (!file.commit()) {
        *error = tr("%1 cannot be written: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace aegis::console
