// The PDF for auditors: it renders (pdftoppm), it says the verdict and the
// reason, and every hash in it is whole — wrapped inside its cell, never
// clipped — even when the report runs over several pages.
#include "common/drill/DrillText.h"
#include "common/drill/pdf/DrillPdfWriter.h"
#include "common/util/Timestamp.h"
#include "tests/support/PdfText.h"
#include "tests/support/ScratchDir.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QGuiApplication>
#include <QProcess>
#include <QtTest>

using namespace aegis;

namespace {

QString hashOf(int i)
{
    return QString::fromLatin1(QCryptographicHash::hash(QByteArray::number(i), QCryptographicHash::Sha256).toHex());
}

QString run(const QString &program, const QStringList &arguments, int *exitCode)
{
    QProcess process;
    process.start(program, arguments);
    if (!process.waitForFinished(60000)) {
        *exitCode = -1;
        return {};
    }
    *exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    return QString::fromUtf8(process.readAllStandardOutput());
}

} // namespace

class DrillPdfTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rendersWithWholeHashesOverSeveralPages()
    {
        if (QStandardPaths::findExecutable(QStringLiteral("pdftoppm")).isEmpty() || !test::PdfText::available())
            QFAIL("pdftoppm is missing: scripts/install-deps.sh --test installs poppler-utils");
        DrillReport report;
        report.outcome = DrillReport::Outcome::Failed;
        report.failure = DrillFailure::ServedChainMismatch;
        report.failedStep = DrillStep::VerifyChain;
        report.failureDetail = QStringLiteral("tenant acme: the served head %1 is not the manifest head %2").arg(hashOf(1), hashOf(2));
        report.backupName = QStringLiteral("nightly-with-a-rather-long-name-2026-12-06T03-30-00Z.db");
        report.backupSha256 = hashOf(3);
        report.backupTakenAt = Timestamp::parse(QStringLiteral("2026-12-05T03:00:00Z"));
        report.startedAt = Timestamp::parse(QStringLiteral("2026-12-06T03:30:00Z"));
        report.finishedAt = report.startedAt.addSecs(12);
        report.recoveryPointMs = report.backupTakenAt.msecsTo(report.startedAt);
        report.host = QStringLiteral("gateway-01");
        report.drillVersion = QStringLiteral("1.0.0");
        for (DrillStep step : DrillSteps::all()) {
            DrillStepRecord record;
            record.step = step;
            record.outcome = step < DrillStep::VerifyChain ? DrillStepRecord::Outcome::Passed
                : step == DrillStep::VerifyChain          ? DrillStepRecord::Outcome::Failed
                                                          : DrillStepRecord::Outcome::Skipped;
            record.detail = QStringLiteral("evidence %1").arg(hashOf(100 + int(step)));
            report.steps.append(record);
        }
        // Enough tenants to need several pages.
        QStringList hashes;
        for (int i = 0; i < 60; ++i) {
            DrillCheck check;
            check.kind = DrillCheck::Kind::ServedHead;
            check.subject = QStringLiteral("tenant-%1").arg(i);
            check.expected = hashOf(1000 + i) + QStringLiteral(" @ 42");
            check.found = hashOf(2000 + i) + QStringLiteral(" @ 42");
            check.passed = i != 7;
            hashes << hashOf(1000 + i) << hashOf(2000 + i);
            report.checks.append(check);
        }
        const QString jsonSha = hashOf(4);

        const QString dir = test::artifactDir(QStringLiteral("drill"));
        const QString pdf = QDir(dir).filePath(QStringLiteral("drill-report-long.pdf"));
        QFile::remove(pdf);
        QString error;
        QVERIFY2(DrillPdfWriter::write(report, jsonSha, pdf, &error), qPrintable(error));

        int status = 0;
        run(QStringLiteral("pdftoppm"), {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("60"), pdf,
                                         QDir(dir).filePath(QStringLiteral("drill-report-long"))}, &status);
        QCOMPARE(status, 0);
        QVERIFY(QFileInfo(QDir(dir).filePath(QStringLiteral("drill-report-long-1.png"))).size() > 0);
        QVERIFY2(QFileInfo(QDir(dir).filePath(QStringLiteral("drill-report-long-2.png"))).size() > 0, "one page only");

        // Read with the columns side by side, as an auditor's copy gets it: a
        // hash wrapped beside another column's words, or with "ff" set as
        // a ligature, cannot be copied back.
        const QString text = test::PdfText::layout(pdf);
        QVERIFY(!text.isEmpty());
        QVERIFY2(text.contains(QStringLiteral("FAILED")), qPrintable(text.left(2000)));
        QVERIFY2(text.contains(QStringLiteral("Verify every receipt chain")), qPrintable(text.left(2000)));
        QVERIFY2(text.contains(report.backupName), qPrintable(text.left(2000)));
        QVERIFY2(test::PdfText::containsHash(text, report.backupSha256), "the backup's sha256 is not whole");
        QVERIFY2(test::PdfText::containsHash(text, jsonSha), "the JSON report's sha256 is not whole");
        // The failure's evidence, and every step's.
        hashes << hashOf(1) << hashOf(2);
        for (const DrillStepRecord &record : report.steps)
            hashes << record.detail.section(QLatin1Char(' '), 1);
        for (const QString &hash : hashes)
            QVERIFY2(test::PdfText::containsHash(text, hash), qPrintable(QStringLiteral("%1 is clipped or missing").arg(hash)));
    }
};

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    DrillPdfTest test;
    return QTest::qExec(&test, argc, argv);
}
#include "DrillPdfTest.moc"
