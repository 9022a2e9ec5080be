#include "console/verification/VerificationReportWriter.h"

#include "common/util/Timestamp.h"
#include "console/verification/BackupCheckWords.h"
#include "console/verification/FailureExplainer.h"
#include "console/util/ReportHtml.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QSaveFile>
#include <QSysInfo>

namespace aegis::console {

namespace {

// Rows of the report's receipt excerpt on each side of the first failure.
constexpr int ExcerptContext = 5;

QString sourceName(VerificationRun::Source source)
{
    switch (source) {
    case VerificationRun::Source::Live:
        return QStringLiteral("live");
    case VerificationRun::Source::Backup:
        return QStringLiteral("backup");
    case VerificationRun::Source::File:
        return QStringLiteral("file");
    }
    return QString();
}

QString verdictName(const VerificationRun &run)
{
    if (!run.result)
        return QStringLiteral("error");
    switch (run.result->verdict()) {
    case ChainResult::Verdict::Intact:
        return QStringLiteral("intact");
    case ChainResult::Verdict::Broken:
        return QStringLiteral("broken");
    case ChainResult::Verdict::Empty:
        return QStringLiteral("no_receipts");
    case ChainResult::Verdict::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QString();
}

QString escaped(const QString &text)
{
    return text.toHtmlEscaped();
}

QString rowHtml(const ReceiptRow &row, bool highlight)
{
    const QString style = highlight ? QStringLiteral(" style=\"background-color:#fbe0de; font-weight:bold\"") : QString();
    QString html = QStringLiteral("<tr%1><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6</td></tr>")
                       .arg(style, QString::number(row.index + 1), row.seq ? QString::number(*row.seq) : QStringLiteral("—"),
                           ReceiptCheck::statusName(row.status), escaped(row.decision), escaped(row.receiptId));
    const auto hashRow = [&style](const QString &label, const std::optional<QString> &hash) {
        return QStringLiteral("<tr%1><td></td><td colspan=\"4\">%2 %3</td></tr>")
            .arg(style, escaped(label),
                hash ? (hash->isEmpty() ? escaped(VerificationReportWriter::tr("(empty: the chain's first receipt)"))
                                        : ReportHtml::hash(*hash))
                     : escaped(VerificationReportWriter::tr("(missing)")));
    };
    html += hashRow(VerificationReportWriter::tr("receipt_hash"), row.receiptHash);
    html += hashRow(VerificationReportWriter::tr("prev_receipt_hash"), row.prevReceiptHash);
    return html;
}

// The failure's expected and found values, each hash on its own line.
QString failureHtml(const ChainFailure &failure)
{
    QString expectedLabel = VerificationReportWriter::tr("Expected");
    QString actualLabel = VerificationReportWriter::tr("Found");
    if (failure.kind == ChainFailure::Kind::HashMismatch) {
        expectedLabel = VerificationReportWriter::tr("Recomputed hash");
        actualLabel = VerificationReportWriter::tr("Stored receipt_hash");
    } else if (failure.kind == ChainFailure::Kind::BrokenLink) {
        expectedLabel = VerificationReportWriter::tr("Previous receipt's hash");
        actualLabel = VerificationReportWriter::tr("Its prev_receipt_hash");
    }
    const auto value = [](const QString &text) {
        return text.isEmpty() ? escaped(VerificationReportWriter::tr("(empty)")) : ReportHtml::hash(text);
    };
    QString html = QStringLiteral("<table cellpadding=\"2\">");
    const auto line = [&html](const QString &label, const QString &valueHtml) {
        html += QStringLiteral("<tr><td><b>%1</b></td></tr><tr><td>%2</td></tr>").arg(escaped(label), valueHtml);
    };
    line(VerificationReportWriter::tr("Kind"), escaped(ChainFailure::kindName(failure.kind)));
    if (failure.receiptId && !failure.receiptId->isEmpty())
        line(VerificationReportWriter::tr("Receipt id"), escaped(*failure.receiptId));
    line(expectedLabel, value(failure.expected));
    line(actualLabel, value(failure.actual));
    html += QStringLiteral("</table>");
    return html;
}

} // namespace

QJsonObject VerificationReportWriter::toJson(const VerificationRun &run)
{
    QJsonObject out{
        {QStringLiteral("format"), QStringLiteral("aegis-console-verification-1")},
        {QStringLiteral("source"), sourceName(run.source)},
        {QStringLiteral("source_description"), run.sourceLabel},
        {QStringLiteral("verified_by"), run.verifiedBy},
        {QStringLiteral("started_at"), Timestamp::millis(run.startedAt)},
        {QStringLiteral("finished_at"), Timestamp::millis(run.finishedAt)},
        {QStringLiteral("verdict"), verdictName(run)},
        {QStringLiteral("console_version"), QStringLiteral(AEGIS_VERSION)},
        {QStringLiteral("host"), QSysInfo::machineHostName()},
    };
    if (!run.fileName.isEmpty())
        out.insert(QStringLiteral("file"), run.fileName);
    if (!run.fileSha256.isEmpty())
        out.insert(QStringLiteral("file_sha256"), run.fileSha256);
    if (run.fileSize >= 0)
        out.insert(QStringLiteral("file_size"), run.fileSize);
    if (!run.manifestSha256.isEmpty())
        out.insert(QStringLiteral("manifest_sha256"), run.manifestSha256);
    if (run.result) {
        out.insert(QStringLiteral("result"), run.result->toJson());
        if (const ChainResult::Tenant *failing = run.result->firstFailing()) {
            out.insert(QStringLiteral("explanation"), FailureExplainer::explanation(*failing));
            out.insert(QStringLiteral("location"), FailureExplainer::position(*failing));
        } else if (run.result->verdict() == ChainResult::Verdict::Empty) {
            out.insert(QStringLiteral("explanation"), FailureExplainer::emptyExplanation());
        }
    }
    if (!run.backupCheck.isEmpty())
        out.insert(QStringLiteral("backup_check"), run.backupCheck);
    if (!run.error.isEmpty())
        out.insert(QStringLiteral("error"), run.error);
    if (!run.notes.isEmpty())
        out.insert(QStringLiteral("notes"), QJsonArray::fromStringList(run.notes));
    return out;
}

QString VerificationReportWriter::toHtml(const VerificationRun &run)
{
    QString html = QStringLiteral("<html><body style=\"font-family:sans-serif\">");
    html += QStringLiteral("<h1>%1</h1>").arg(escaped(tr("Aegis receipt chain verification")));
    // Full width, labels narrow: a 64-digit hash keeps a line of its own.
    html += QStringLiteral("<table cellpadding=\"3\" width=\"100%\">");
    auto meta = [&html](const QString &label, const QString &value) {
        html += QStringLiteral("<tr><td width=\"20%\"><b>%1</b></td><td>%2</td></tr>").arg(escaped(label), escaped(value));
    };
    meta(tr("Verified"), run.sourceLabel);
    // What an auditor ties the report to: the file, by its digest.
    if (run.fileName.isEmpty()) {
        meta(tr("File"), tr("none: the gateway's live database (its digest changes with every decision)"));
    } else {
        meta(tr("File"), run.fileName);
        if (run.fileSize >= 0)
            meta(tr("Size"), tr("%1 bytes").arg(QLocale().toString(run.fileSize)));
    }
    const auto hashMeta = [&html](const QString &label, const QString &hash, const QString &colour = QString()) {
        html += QStringLiteral("<tr><td width=\"20%\"><b>%1</b></td><td>%2</td></tr>").arg(escaped(label), ReportHtml::hash(hash, colour));
    };
    if (!run.fileSha256.isEmpty())
        hashMeta(tr("File SHA-256"), run.fileSha256, run.fileDiffersFromManifest() ? QStringLiteral("#b3261e") : QString());
    else if (!run.fileName.isEmpty())
        meta(tr("File SHA-256"), tr("not known: the file could not be read"));
    if (run.fileDiffersFromManifest()) {
        hashMeta(tr("Manifest SHA-256"), run.manifestSha256, QStringLiteral("#b3261e"));
        meta(QString(), tr("The file is not the one its manifest recorded: it changed after it was taken."));
    } else if (!run.manifestSha256.isEmpty()) {
        meta(tr("Manifest SHA-256"), tr("the same"));
    }
    meta(tr("By"), run.verifiedBy);
    meta(tr("Started"), Timestamp::seconds(run.startedAt));
    meta(tr("Finished"), Timestamp::seconds(run.finishedAt));
    meta(tr("Console"), tr("aegis-console %1 on %2").arg(QStringLiteral(AEGIS_VERSION), QSysInfo::machineHostName()));
    html += QStringLiteral("</table>");

    QString verdict;
    QString colour = QStringLiteral("#1b6e20");
    if (!run.result) {
        verdict = tr("No verdict: %1").arg(run.error);
        colour = QStringLiteral("#b3261e");
    } else {
        switch (run.result->verdict()) {
        case ChainResult::Verdict::Intact:
            verdict = tr("INTACT: %1 receipt(s) verified, none edited, dropped or reordered.")
                          .arg(QLocale().toString(run.result->count()));
            break;
        case ChainResult::Verdict::Broken: {
            verdict = tr("BROKEN: %1.").arg(FailureExplainer::headline(*run.result->firstFailing()));
            colour = QStringLiteral("#b3261e");
            break;
        }
        case ChainResult::Verdict::Empty:
            verdict = FailureExplainer::emptyExplanation();
            colour = QStringLiteral("#8a5a00");
            break;
        case ChainResult::Verdict::Cancelled:
            verdict = tr("Cancelled: nothing was concluded.");
            colour = QStringLiteral("#8a5a00");
            break;
        }
    }
    html += QStringLiteral("<h2 style=\"color:%1\">%2</h2>").arg(colour, escaped(verdict));

    if (!run.backupCheck.isEmpty()) {
        const bool restorable = run.backupCheck.value(QStringLiteral("restorable")).toBool();
        html += QStringLiteral("<h3>%1</h3><p>%2</p><ul>")
                    .arg(escaped(tr("Backup checks by the gateway")),
                        escaped(restorable ? tr("Restorable.") : tr("NOT restorable.")));
        for (const QString &line : BackupCheckWords::lines(run.backupCheck))
            html += QStringLiteral("<li>%1</li>").arg(escaped(line));
        html += QStringLiteral("</ul>");
    }

    if (run.result) {
        html += QStringLiteral("<h3>%1</h3><table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\">")
                    .arg(escaped(tr("Tenants")));
        html += QStringLiteral("<tr><th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th></tr>")
                    .arg(escaped(tr("Tenant")), escaped(tr("Result")), escaped(tr("Receipts")), escaped(tr("Head seq")),
                        escaped(tr("First failure")));
        for (const ChainResult::Tenant &tenant : run.result->tenants()) {
            const QString result = tenant.failed() ? tr("FAILED") : tenant.isEmpty() ? tr("no receipts") : tr("intact");
            const QString failure = tenant.failed() ? FailureExplainer::headline(tenant) : QString();
            html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td></tr>")
                        .arg(escaped(tenant.id), escaped(result), QLocale().toString(tenant.count),
                            tenant.headSeq ? QString::number(*tenant.headSeq) : QStringLiteral("—"), escaped(failure));
            if (!tenant.headHash.isEmpty())
                html += QStringLiteral("<tr><td></td><td colspan=\"4\">%1 %2</td></tr>")
                            .arg(escaped(tr("head")), ReportHtml::hash(tenant.headHash));
        }
        html += QStringLiteral("</table>");

        if (const ChainResult::Tenant *failing = run.result->firstFailing()) {
            html += QStringLiteral("<h3>%1</h3><p>%2</p>")
                        .arg(escaped(FailureExplainer::title(*failing)), escaped(FailureExplainer::explanation(*failing)));
            if (failing->failure)
                html += failureHtml(*failing->failure);
            const auto rows = run.rows.find(failing->id);
            if (rows != run.rows.end()) {
                const ReceiptRowSet &set = rows->second;
                const int at = failing->failure ? set.rowOfIndex(failing->failure->index) : -1;
                if (at >= 0) {
                    html += QStringLiteral("<h3>%1</h3><table border=\"1\" cellspacing=\"0\" cellpadding=\"3\" width=\"100%\">")
                                .arg(escaped(tr("Receipts around the first failure")));
                    // The receipt id (a UUID) on one line; the numbers need little room.
                    html += QStringLiteral("<tr><th width=\"6%\">%1</th><th width=\"10%\">%2</th><th width=\"14%\">%3</th>"
                                           "<th width=\"20%\">%4</th><th width=\"50%\">%5</th></tr>")
                                .arg(escaped(tr("#")), escaped(tr("Seq")), escaped(tr("Status")), escaped(tr("Decision")),
                                    escaped(tr("Receipt id")));
                    const int from = qMax(0, at - ExcerptContext);
                    const int to = qMin(int(set.rows.size()) - 1, at + ExcerptContext);
                    for (int i = from; i <= to; ++i)
                        html += rowHtml(set.rows[size_t(i)], i == at);
                    html += QStringLiteral("</table>");
                }
            }
        }
    }
    if (!run.notes.isEmpty()) {
        html += QStringLiteral("<h3>%1</h3><ul>").arg(escaped(tr("Notes")));
        for (const QString &note : run.notes)
            html += QStringLiteral("<li>%1</li>").arg(escaped(note));
        html += QStringLiteral("</ul>");
    }
    html += QStringLiteral("</body></html>");
    return html;
}

bool VerificationReportWriter::writeJson(const VerificationRun &run, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = tr("%1 cannot be written: %2").arg(path, file.errorString());
        return false;
    }
    file.write(QJsonDocument(toJson(run)).toJson(QJsonDocument::Indented));
    if (!file.commit()) {
        *error = tr("%1 cannot be written: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

bool VerificationReportWriter::writePdf(const VerificationRun &run, const QString &path, QString *error)
{
    return ReportHtml::writePdf(toHtml(run), tr("Aegis receipt chain verification"), path, error);
}

} // namespace aegis::console
