// The restore report's PDF as an auditor reads it (pdftotext -layout): every
// full hash can be copied back whole — none cut, none wrapped into pieces
// interleaved with a neighbouring column — and the report names the backup
// file with its own sha256, beside the manifest's where the two differ.
// Issue 14, item 8: hashes were cut, and the served heads and the files'
// hashes sat in narrow columns beside long paths.
#include "common/backup/BackupManifest.h"
#include "common/restore/RestoreReport.h"
#include "console/restore/RestoreReportWriter.h"
#include "tests/support/PdfText.h"
#include "tests/support/ScratchDir.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace aegis;
using namespace aegis::console;
using aegis::test::PdfText;

namespace {

QString hashOf(const QByteArray &seed)
{
    return QString::fromLatin1(QCryptographicHash::hash(seed, QCryptographicHash::Sha256).toHex());
}

// Deep enough that every path wraps in its cell, as a real install's does.
QString longPath(const QString &name)
{
    return QStringLiteral("/srv/aegis/production-gateway-eu-west-1/var/lib/aegis-gateway/offsite-database-directory/") + name;
}

StepRecord step(RestoreStep which, const QString &at, const StepFinding &finding)
{
    StepRecord record;
    record.step = which;
    record.startedAt = at;
    record.durationMs = 12;
    record.finding = finding;
    return record;
}

RestoreReport verifiedReport()
{
    RestoreReport report;
    report.outcome = RestoreReport::Outcome::Verified;
    report.id = QStringLiteral("restore-20261207T031500Z");
    report.startedAt = QStringLiteral("2026-12-07T03:15:00.000Z");
    report.finishedAt = QStringLiteral("2026-12-07T03:15:09.000Z");
    report.databasePath = longPath(QStringLiteral("aegisagent.db"));
    report.gatewayUrl = QStringLiteral("http://127.0.0.1:8443");
    report.service = QStringLiteral("systemd unit aegis-gateway.service");
    report.backup = QJsonObject{{QStringLiteral("path"), longPath(QStringLiteral("backups/nightly-2026-12-06T03-00-00Z.db"))},
                                {QStringLiteral("sha256"), hashOf("backup")},
                                {QStringLiteral("created_at"), QStringLiteral("2026-12-06T03:00:00Z")}};
    for (const QString &tenant : {QStringLiteral("acme-corporation-production"), QStringLiteral("default")}) {
        ServedChain chain;
        chain.tenant = tenant;
        chain.verdict = ServedChain::Verdict::MatchesHead;
        chain.count = chain.expectedCount = 1234567;
        chain.head = chain.expectedHead = hashOf(tenant.toUtf8());
        chain.verified = true;
        report.verification.chains.append(chain);
    }
    report.verification.chainsChecked = true;
    report.steps.append(step(RestoreStep::Stop, QStringLiteral("2026-12-07T03:15:00.100Z"),
                             StepFinding(StepFinding::Kind::Stopped)));
    StepFinding copied(StepFinding::Kind::Copied);
    copied.sha256 = hashOf("backup");
    copied.path = longPath(QStringLiteral("aegisagent.db"));
    report.steps.append(step(RestoreStep::Copy, QStringLiteral("2026-12-07T03:15:01.200Z"), copied));
    const QList<std::pair<ReportFile::Kind, QString>> files{
        {ReportFile::Kind::Restored, QStringLiteral("aegisagent.db")},
        {ReportFile::Kind::OriginalAside, QStringLiteral("aegisagent.db.bad-2026-12-07T03-15-00Z")},
        {ReportFile::Kind::OriginalAside, QStringLiteral("aegisagent.db-wal.bad-2026-12-07T03-15-00Z")}};
    for (const auto &[kind, name] : files) {
        ReportFile file;
        file.kind = kind;
        file.role = name.contains(QStringLiteral("-wal")) ? QStringLiteral("wal") : QStringLiteral("db");
        file.path = longPath(name);
        file.sha256 = hashOf(name.toUtf8());
        report.files.append(file);
    }
    return report;
}

} // namespace

class RestoreReportPdfTest : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    QString writePdf(const RestoreReport &report, const QString &name)
    {
        const QString pdf = m_dir.filePath(name);
        QString error;
        if (!RestoreReportWriter::write(report, RestoreReportWriter::Format::Pdf, pdf, &error))
            qWarning("%s", qPrintable(error));
        const QString artifact = QDir(test::artifactDir(QStringLiteral("console"))).filePath(name);
        QFile::remove(artifact);
        QFile::copy(pdf, artifact);
        return PdfText::layout(pdf);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        // CI installs poppler-utils (scripts/install-deps.sh --test).
        if (!PdfText::available())
            QSKIP("pdftotext is missing: scripts/install-deps.sh --test installs poppler-utils");
    }

    void everyHashIsWhole()
    {
        const RestoreReport report = verifiedReport();
        const QString text = writePdf(report, QStringLiteral("restore-report-long-paths.pdf"));
        QVERIFY2(!text.isEmpty(), "no PDF text");
        // The backup by its name and its own digest.
        // A path is copied as it is: "ff" and "fi" not set as ligatures.
        QVERIFY2(text.contains(QStringLiteral("nightly-2026-12-06T03-00-00Z.db")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("offsite-database-directory")), qPrintable(text));
        QVERIFY2(PdfText::containsHash(text, hashOf("backup")), qPrintable(text));
        for (const ServedChain &chain : report.verification.chains)
            QVERIFY2(PdfText::containsHash(text, chain.head), qPrintable(QStringLiteral("%1 cut:\n%2").arg(chain.head, text)));
        for (const ReportFile &file : report.files)
            QVERIFY2(PdfText::containsHash(text, file.sha256), qPrintable(QStringLiteral("%1 cut:\n%2").arg(file.sha256, text)));
        // A step's time under the report's date, not a date split over three lines.
        QVERIFY2(text.contains(QStringLiteral("03:15:01")), qPrintable(text));
    }

    // A backup changed after it was taken: the restore was refused, and the
    // report shows the file's digest and the manifest's, both whole.
    void tamperedBackupShowsBothDigests()
    {
        RestoreReport report = verifiedReport();
        report.outcome = RestoreReport::Outcome::Refused;
        report.verification = RestoreVerification();
        report.steps.clear();
        report.files.clear();
        BackupManifest manifest;
        manifest.name = QStringLiteral("nightly.db");
        manifest.sha256 = hashOf("what the manifest recorded");
        const QString manifestPath = m_dir.filePath(QStringLiteral("nightly.db.manifest.json"));
        QFile file(manifestPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(manifest.toBytes());
        file.close();
        report.backup.insert(QStringLiteral("manifest"), manifestPath);
        const QString text = writePdf(report, QStringLiteral("restore-report-tampered.pdf"));
        QVERIFY2(PdfText::containsHash(text, hashOf("backup")), qPrintable(text));
        QVERIFY2(PdfText::containsHash(text, manifest.sha256), qPrintable(text));
        QVERIFY2(text.simplified().contains(QStringLiteral("not the one its manifest recorded")), qPrintable(text));
    }
};

QTEST_MAIN(RestoreReportPdfTest)
#include "RestoreReportPdfTest.moc"
