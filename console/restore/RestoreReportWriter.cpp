#include "console/restore/RestoreReportWriter.h"

#include "common/backup/BackupManifest.h"
#include "common/restore/RestoreStep.h"
#include "common/restore/RestoreWording.h"
#include "common/util/Timestamp.h"
#include "console/restore/RestoreStepModel.h"
#include "console/restore/ResultRows.h"
#include "console/util/ReportHtml.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSysInfo>

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

const QString Red = QStringLiteral("#b3261e");

// A full hash on a row of its own under the row it belongs to, across the
// table: a hash in a narrow column wraps into pieces that sit beside the
// other columns' words, and an auditor cannot copy it back whole.
QString hashRow(const QString &label, const QString &hash, int columns, const QString &colour = QString())
{
    return QStringLiteral("<tr><td colspan=\"%1\">%2 %3</td></tr>")
        .arg(columns)
        .arg(label.toHtmlEscaped(), hash.isEmpty() ? RestoreReportWriter::tr("not known").toHtmlEscaped() : ReportHtml::hash(hash, colour));
}

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

    // Full width, labels narrow: a 64-digit hash keeps a line of its own.
    html += QStringLiteral("<table cellpadding=\"2\" width=\"100%\">");
    auto meta = [&html](const QString &label, const QString &value) {
        html += QStringLiteral("<tr><td width=\"20%\"><b>%1</b></td><td>%2</td></tr>").arg(escaped(label), escaped(value));
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
        // What an auditor ties the report to: the file's own digest, hashed
        // before the restore, and the manifest's where it records another.
        const QString fileSha = backup.value(QStringLiteral("sha256")).toString();
        const QString manifestPath = backup.value(QStringLiteral("manifest")).toString();
        QString ignored;
        const std::optional<BackupManifest> recorded =
            manifestPath.isEmpty() ? std::nullopt : BackupManifest::load(manifestPath, &ignored);
        const bool differs = recorded && !fileSha.isEmpty() && recorded->sha256.compare(fileSha, Qt::CaseInsensitive) != 0;
        const auto hashMeta = [&html](const QString &label, const QString &hash, const QString &colour) {
            html += QStringLiteral("<tr><td width=\"20%\"><b>%1</b></td><td>%2</td></tr>")
                        .arg(escaped(label), hash.isEmpty() ? escaped(tr("not known")) : ReportHtml::hash(hash, colour));
        };
        hashMeta(tr("Backup SHA-256"), fileSha, differs ? Red : QString());
        if (differs) {
            hashMeta(tr("Manifest SHA-256"), recorded->sha256, Red);
            meta(QString(), tr("The file is not the one its manifest recorded: it changed after it was taken."));
        }
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
                + row({tr("Tenant"), tr("Receipts served"), tr("In the manifest"), tr("Verdict")}, true, {25, 15, 15, 45});
            for (const ServedChain &chain : verification.chains) {
                html += row({chain.tenant, QString::number(chain.count), QString::number(chain.expectedCount),
                    (chain.ok() ? tr("✔ %1") : tr("✖ %1")).arg(ResultRows::chainVerdict(chain))});
                html += hashRow(tr("head served"), chain.head, 4);
                if (!chain.expectedHead.isEmpty() && chain.expectedHead != chain.head)
                    html += hashRow(tr("manifest head"), chain.expectedHead, 4, chain.ok() ? QString() : Red);
            }
            html += QStringLiteral("</table>");
        }
    }

    if (!report.steps.isEmpty()) {
        html += QStringLiteral("<h3>%1</h3>").arg(escaped(tr("Steps")));
        html += TableStart + row({tr("Step"), tr("Started (UTC)"), tr("Took"), tr("Result"), tr("What happened")}, true,
            {19, 12, 10, 10, 49});
        const QDate day = Timestamp::parse(report.startedAt).date();
        for (const StepRecord &step : report.steps) {
            // The time of day under the report's date (given above); the
            // whole time when a resumed restore ran on into another day.
            const QDateTime at = Timestamp::parse(step.startedAt);
            const QString started = at.isValid() && at.date() == day ? at.toString(QStringLiteral("HH:mm:ss")) : step.startedAt;
            html += row({RestoreSteps::title(step.step), started, RestoreStepModel::durationText(step.durationMs),
                StepRecord::outcomeName(step.outcome), RestoreWording::step(step)});
        }
        html += QStringLiteral("</table>");
    }

    if (!report.checks.isEmpty()) {
        html += QStringLiteral("<h3>%1</h3>").arg(escaped(tr("Checks before anything was touched")));
        html += TableStart + row({tr("Check"), tr("Result"), tr("Found")}, true, {28, 12, 60});
        for (const PreflightCheck &check : report.checks)
            html += row({check.title, PreflightCheck::statusName(check.status), RestoreWording::checkDetail(check)});
        html += QStringLiteral("</table>");
    }

    if (!report.files.isEmpty()) {
        html += QStringLiteral("<h3>%1</h3>").arg(escaped(tr("Where every file is now")));
        html += TableStart + row({tr("File"), tr("Path")}, true, {30, 70});
        for (const ReportFile &file : report.files) {
            html += row({ResultRows::fileName(file), file.path});
            html += hashRow(tr("SHA-256"), file.sha256, 2);
        }
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
    if (format == Format::Pdf)
        return ReportHtml::writePdf(toHtml(report), tr("Aegis restore report %1").arg(report.id), path, error);
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
