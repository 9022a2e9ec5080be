#include "console/verification/VerificationReportWriter.h"

#include "common/util/Timestamp.h"
#include "console/util/Format.h"
#include "console/verification/FailureExplainer.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QFile>
#include <QPageLayout>
#include <QPageSize>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSysInfo>
#include <QTextDocument>

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
    return QStringLiteral("<tr%1><td>%2</td><td>%3</td><td>%4</td><td><tt>%5</tt></td><td><tt>%6</tt></td><td>%7</td></tr>")
        .arg(style, QString::number(row.index), row.seq ? QString::number(*row.seq) : QStringLiteral("—"),
            ReceiptCheck::statusName(row.status), escaped(row.receiptHash ? Format::shortHash(*row.receiptHash) : QStringLiteral("(missing)")),
            escaped(row.prevReceiptHash ? Format::shortHash(*row.prevReceiptHash) : QStringLiteral("(missing)")),
            escaped(row.decision));
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
    if (run.result) {
        out.insert(QStringLiteral("result"), run.result->toJson());
        if (const ChainResult::Tenant *failing = run.result->firstFailing()) {
            out.insert(QStringLiteral("explanation"), FailureExplainer::explanation(*failing->failure, failing->id));
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
    html += QStringLiteral("<table cellpadding=\"3\">");
    auto meta = [&html](const QString &label, const QString &value) {
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>").arg(escaped(label), escaped(value));
    };
    meta(tr("Verified"), run.sourceLabel);
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
            const ChainResult::Tenant *failing = run.result->firstFailing();
            verdict = tr("BROKEN in tenant %1: %2 at %3.")
                          .arg(failing->id, FailureExplainer::title(failing->failure->kind),
                              FailureExplainer::position(*failing->failure));
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
        const QJsonObject checks = run.backupCheck.value(QStringLiteral("checks")).toObject();
        html += QStringLiteral("<h3>%1</h3><p>%2</p><p>%3</p>")
                    .arg(escaped(tr("Backup checks by the gateway")),
                        escaped(restorable ? tr("Restorable.") : tr("NOT restorable.")),
                        escaped(tr("SHA-256: %1 · integrity: %2 · schema: %3")
                                    .arg(checks.value(QStringLiteral("sha256")).toString(),
                                        checks.value(QStringLiteral("integrity")).toString(),
                                        checks.value(QStringLiteral("schema")).toString())));
    }

    if (run.result) {
        html += QStringLiteral("<h3>%1</h3><table border=\"1\" cellspacing=\"0\" cellpadding=\"3\">").arg(escaped(tr("Tenants")));
        html += QStringLiteral("<tr><th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th></tr>")
                    .arg(escaped(tr("Tenant")), escaped(tr("Result")), escaped(tr("Receipts")), escaped(tr("Head hash")),
                        escaped(tr("First failure")));
        for (const ChainResult::Tenant &tenant : run.result->tenants()) {
            const QString result = tenant.failure ? tr("FAILED") : tenant.isEmpty() ? tr("no receipts") : tr("intact");
            const QString failure = tenant.failure
                ? tr("%1 at %2").arg(FailureExplainer::title(tenant.failure->kind), FailureExplainer::position(*tenant.failure))
                : QString();
            html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td><tt>%4</tt></td><td>%5</td></tr>")
                        .arg(escaped(tenant.id), escaped(result), QLocale().toString(tenant.count),
                            escaped(tenant.headHash), escaped(failure));
        }
        html += QStringLiteral("</table>");

        if (const ChainResult::Tenant *failing = run.result->firstFailing()) {
            html += QStringLiteral("<h3>%1</h3><p>%2</p><pre>%3</pre>")
                        .arg(escaped(FailureExplainer::title(failing->failure->kind)),
                            escaped(FailureExplainer::explanation(*failing->failure, failing->id)),
                            escaped(FailureExplainer::detail(*failing->failure)));
            const auto rows = run.rows.find(failing->id);
            if (rows != run.rows.end()) {
                const ReceiptRowSet &set = rows->second;
                const int at = set.rowOfIndex(failing->failure->index);
                if (at >= 0) {
                    html += QStringLiteral("<h3>%1</h3><table border=\"1\" cellspacing=\"0\" cellpadding=\"3\">")
                                .arg(escaped(tr("Receipts around the first failure")));
                    html += QStringLiteral("<tr><th>%1</th><th>%2</th><th>%3</th><th>%4</th><th>%5</th><th>%6</th></tr>")
                                .arg(escaped(tr("Index")), escaped(tr("Seq")), escaped(tr("Status")), escaped(tr("Hash")),
                                    escaped(tr("Previous")), escaped(tr("Decision")));
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
    {
        QPdfWriter writer(path);
        writer.setTitle(tr("Aegis receipt chain verification"));
        writer.setCreator(QStringLiteral("aegis-console %1").arg(QStringLiteral(AEGIS_VERSION)));
        writer.setPageSize(QPageSize(QPageSize::A4));
        writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout::Millimeter);
        QTextDocument document;
        document.setHtml(toHtml(run));
        document.print(&writer);
    }
    // QPdfWriter reports nothing; a file that is not there (or empty) is
    // the only sign of failure.
    QFile check(path);
    if (!check.exists() || check.size() == 0) {
        *error = tr("%1 could not be written.").arg(path);
        return false;
    }
    return true;
}

} // namespace aegis::console
