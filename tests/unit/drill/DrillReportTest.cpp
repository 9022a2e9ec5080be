// The drill report survives its JSON (the history is read back from it), a
// failure carries its step and reason, and the monitoring line says what an
// operator needs in one line.
#include "common/drill/BackupSource.h"
#include "common/drill/DrillHistory.h"
#include "common/drill/DrillReportJson.h"
#include "common/drill/DrillText.h"
#include "common/util/Timestamp.h"

#include <QDir>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace aegis;

namespace {

DrillReport failedReport()
{
    DrillReport report;
    report.outcome = DrillReport::Outcome::Failed;
    report.failure = DrillFailure::ManifestMismatch;
    report.failedStep = DrillStep::VerifyBackup;
    report.failureDetail = QStringLiteral("the file's sha256 is b..., its manifest records a...");
    report.source = BackupSource::Kind::Named;
    report.backupName = QStringLiteral("nightly.db");
    report.backupSha256 = QString(64, QLatin1Char('b'));
    report.backupTakenAt = Timestamp::parse(QStringLiteral("2026-12-05T03:00:00.000Z"));
    report.startedAt = Timestamp::parse(QStringLiteral("2026-12-06T03:30:00.250Z"));
    report.finishedAt = report.startedAt.addMSecs(1500);
    report.recoveryPointMs = report.backupTakenAt.msecsTo(report.startedAt);
    report.maxRecoveryTimeMs = 300000;
    DrillStepRecord step;
    step.step = DrillStep::VerifyBackup;
    step.outcome = DrillStepRecord::Outcome::Failed;
    step.durationMs = 42;
    step.detail = report.failureDetail;
    report.steps.append(step);
    DrillCheck check;
    check.kind = DrillCheck::Kind::BackupSha256;
    check.expected = QString(64, QLatin1Char('a'));
    check.found = report.backupSha256;
    report.checks.append(check);
    return report;
}

} // namespace

class DrillReportTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTripsThroughJson()
    {
        const DrillReport report = failedReport();
        const QByteArray bytes = DrillReportJson::toBytes(report);
        const QJsonObject object = QJsonDocument::fromJson(bytes).object();
        QCOMPARE(object.value(QStringLiteral("failure")).toString(), QStringLiteral("manifest_mismatch"));
        QCOMPARE(object.value(QStringLiteral("failed_step")).toString(), QStringLiteral("verify_backup"));
        QCOMPARE(object.value(QStringLiteral("reason")).toString(), DrillText::failureReason(DrillFailure::ManifestMismatch));
        QCOMPARE(object.value(QStringLiteral("recovery_point_ms")).toInteger(), qint64(24 * 3600 * 1000 + 30 * 60 * 1000 + 250));
        QString error;
        const auto back = DrillReport::fromJson(object, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->outcome, report.outcome);
        QCOMPARE(back->failure, report.failure);
        QCOMPARE(back->failedStep, report.failedStep);
        QCOMPARE(back->source, report.source);
        QCOMPARE(back->backupTakenAt, report.backupTakenAt);
        QCOMPARE(back->startedAt, report.startedAt);
        QCOMPARE(back->recoveryPointMs, report.recoveryPointMs);
        QCOMPARE(back->maxRecoveryTimeMs, report.maxRecoveryTimeMs);
        QVERIFY(!back->maxRecoveryPointMs);
        QCOMPARE(back->steps.size(), 1);
        QCOMPARE(back->steps.first().outcome, DrillStepRecord::Outcome::Failed);
        QCOMPARE(back->checks.first().expected, report.checks.first().expected);
        QCOMPARE(back->checks.first().kind, DrillCheck::Kind::BackupSha256);
    }

    void refusesWhatIsNotAReport()
    {
        QString error;
        QVERIFY(!DrillReport::fromJson(QJsonObject{{QStringLiteral("outcome"), QStringLiteral("passed")}}, &error));
        QVERIFY(!error.isEmpty());
    }

    void historyKeepsEveryReportNewestFirst()
    {
        QTemporaryDir dir;
        DrillHistory history(dir.filePath(QStringLiteral("drills")));
        DrillReport older = failedReport();
        DrillReport newer = failedReport();
        newer.outcome = DrillReport::Outcome::Passed;
        newer.failure = DrillFailure::None;
        newer.startedAt = older.startedAt.addDays(1);
        const auto first = history.save(older, DrillReportJson::toBytes(older));
        const auto second = history.save(newer, DrillReportJson::toBytes(newer));
        // The same start second again gets its own file: nothing is replaced.
        const auto third = history.save(older, DrillReportJson::toBytes(older));
        QVERIFY(first.ok && second.ok && third.ok);
        QVERIFY(first.jsonPath != third.jsonPath);
        QCOMPARE(first.sha256.size(), 64);
        QFile garbage(dir.filePath(QStringLiteral("drills/drill-garbage.json")));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write("{not json");
        garbage.close();
        int skipped = 0;
        const auto entries = history.load(&skipped);
        QCOMPARE(entries.size(), 3);
        QCOMPARE(skipped, 1);
        QVERIFY(entries.first().report.passed());
        QCOMPARE(DrillHistory::pdfPathFor(first.jsonPath), first.jsonPath.chopped(5) + QStringLiteral(".pdf"));
    }

    void summaryLineForMonitoring()
    {
        const QString line = DrillText::summaryLine(failedReport(), QString(64, QLatin1Char('c')));
        QVERIFY(line.startsWith(QStringLiteral("aegis-drill: FAILED at \"Verify the backup\"")));
        QVERIFY(line.contains(QStringLiteral("nightly.db")));
        QVERIFY(line.contains(QStringLiteral("recovery point 24 h 30 min")));
        QVERIFY(line.contains(QStringLiteral("recovery time unknown")));
        QVERIFY(line.contains(QString(64, QLatin1Char('c'))));
        QVERIFY(!line.contains(QLatin1Char('\n')));
    }

    void backupSourceFromTheCommandLine()
    {
        QCOMPARE(BackupSource::parse(QString()).kind, BackupSource::Kind::Fresh);
        QCOMPARE(BackupSource::parse(QStringLiteral("fresh")).kind, BackupSource::Kind::Fresh);
        QCOMPARE(BackupSource::parse(QStringLiteral("latest")).kind, BackupSource::Kind::Latest);
        QCOMPARE(BackupSource::parse(QStringLiteral("nightly.db")).kind, BackupSource::Kind::Named);
        const BackupSource file = BackupSource::parse(QStringLiteral("./backups/nightly.db"));
        QCOMPARE(file.kind, BackupSource::Kind::File);
        QVERIFY(QDir::isAbsolutePath(file.value));
    }
};

QTEST_GUILESS_MAIN(DrillReportTest)
#include "DrillReportTest.moc"
