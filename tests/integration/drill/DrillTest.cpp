// aegis-drill end to end with the real gateway: a passing drill with a fresh
// and with a chosen backup; corrupted backups (bytes flipped, manifest hash
// wrong, a receipt edited) fail at the right step for the right reason;
// production stays untouched (same process, /health answering throughout,
// nothing new beside the database); the throwaway gateway never takes
// production's address; nothing is left behind; the exit codes.
#include "tests/integration/restore/RestoreScenario.h"
#include "tests/support/ScratchDir.h"
#include "tests/support/SqliteShell.h"

#include "common/backup/BackupManifest.h"
#include "common/util/ProcessState.h"
#include "common/util/Timestamp.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

using namespace aegis;
using namespace aegis::test;

namespace {

struct DrillRun
{
    int exitCode = -1;
    QByteArray out;
    QString err;
    QJsonObject report;
    int healthPolls = 0;
    int healthFailures = 0;
    QList<qint64> productionPids;
};

QJsonObject step(const QJsonObject &report, const QString &id)
{
    for (const QJsonValue &value : report.value(QStringLiteral("steps")).toArray()) {
        if (value.toObject().value(QStringLiteral("step")).toString() == id)
            return value.toObject();
    }
    return {};
}

QJsonObject checkOf(const QJsonObject &report, const QString &kind, const QString &subject = {})
{
    for (const QJsonValue &value : report.value(QStringLiteral("checks")).toArray()) {
        const QJsonObject check = value.toObject();
        if (check.value(QStringLiteral("kind")).toString() == kind
            && (subject.isEmpty() || check.value(QStringLiteral("subject")).toString() == subject))
            return check;
    }
    return {};
}

} // namespace

class DrillTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<RestoreScenario> m_scenario;
    QString m_scratch;
    QString m_reports;
    QString m_chosenCreatedAt;

    DrillRun drill(const QStringList &extra, bool standardArguments = true)
    {
        DrillRun run;
        QProcess process;
        process.setProgram(QStringLiteral(AEGIS_DRILL_BINARY));
        QStringList arguments;
        if (standardArguments)
            arguments << QStringLiteral("--url") << m_scenario->url() << QStringLiteral("--token-file")
                      << m_scenario->tokenFile() << QStringLiteral("--gateway-binary") << RestoreScenario::gatewayBinary()
                      << QStringLiteral("--scratch-dir") << m_scratch << QStringLiteral("--report-dir") << m_reports
                      << QStringLiteral("--ready-timeout") << QStringLiteral("90s") << QStringLiteral("--json");
        process.setArguments(arguments + extra);
        process.setWorkingDirectory(m_scenario->dir());
        process.setStandardInputFile(QProcess::nullDevice());
        process.start();
        HttpTestClient health(QStringLiteral("127.0.0.1"), m_scenario->port());
        health.setTimeoutMs(5000);
        // Production is watched while the drill runs: every poll must be
        // answered by the same process.
        while (!process.waitForFinished(200)) {
            if (process.state() == QProcess::NotRunning)
                break;
            ++run.healthPolls;
            if (health.get(QStringLiteral("/health")).status != 200)
                ++run.healthFailures;
            const qint64 pid = m_scenario->gateway().pid();
            if (!run.productionPids.contains(pid))
                run.productionPids << pid;
        }
        run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
        run.out = process.readAllStandardOutput();
        run.err = QString::fromUtf8(process.readAllStandardError());
        run.report = QJsonDocument::fromJson(run.out).object();
        return run;
    }

    // Nothing of the drill is left: no scratch directory, no process.
    void verifyNothingLeft(const DrillRun &run)
    {
        QVERIFY2(QDir(m_scratch).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty(),
                 qPrintable(QDir(m_scratch).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).join(QLatin1Char(' '))));
        const qint64 pid = run.report.value(QStringLiteral("environment")).toObject().value(QStringLiteral("throwaway_pid")).toInteger();
        if (pid > 0)
            QVERIFY2(ProcessState::of(pid) != ProcessState::State::Running, qPrintable(QStringLiteral("throwaway gateway still runs: %1").arg(ProcessState::describe(pid))));
        QCOMPARE(step(run.report, QStringLiteral("cleanup")).value(QStringLiteral("outcome")).toString(), QStringLiteral("passed"));
        QVERIFY(checkOf(run.report, QStringLiteral("no_scratch_left")).value(QStringLiteral("passed")).toBool());
        QVERIFY(checkOf(run.report, QStringLiteral("no_process_left")).value(QStringLiteral("passed")).toBool());
    }

    // A copy of the chosen backup and its manifest, to be damaged.
    QString copyOfChosen(const QString &name)
    {
        const QString dir = m_scenario->dir() + QStringLiteral("/damaged-") + name;
        QDir().mkpath(dir);
        const QString copy = dir + QStringLiteral("/") + name + QStringLiteral(".db");
        QFile::copy(m_scenario->backup(), copy);
        QFile::copy(m_scenario->manifest(), copy + QStringLiteral(".manifest.json"));
        return copy;
    }

    static bool rewriteManifest(const QString &backup, const std::function<void(BackupManifest &)> &edit)
    {
        QString error;
        auto manifest = BackupManifest::load(backup + QStringLiteral(".manifest.json"), &error);
        if (!manifest)
            return false;
        edit(*manifest);
        QFile file(backup + QStringLiteral(".manifest.json"));
        return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(manifest->toBytes()) > 0;
    }

    void verifyFailedAt(const DrillRun &run, const QString &stepId, const QString &failure)
    {
        QVERIFY2(run.exitCode == 1, qPrintable(run.err));
        QCOMPARE(run.report.value(QStringLiteral("outcome")).toString(), QStringLiteral("failed"));
        QCOMPARE(run.report.value(QStringLiteral("failed_step")).toString(), stepId);
        QCOMPARE(run.report.value(QStringLiteral("failure")).toString(), failure);
        QCOMPARE(step(run.report, stepId).value(QStringLiteral("outcome")).toString(), QStringLiteral("failed"));
        QVERIFY(!run.report.value(QStringLiteral("reason")).toString().isEmpty());
        QVERIFY2(run.err.contains(QStringLiteral("aegis-drill: FAILED")), qPrintable(run.err));
        // Nothing after the failure ran, but the drill still cleaned up.
        QCOMPARE(step(run.report, QStringLiteral("restore_copy")).value(QStringLiteral("outcome")).toString(),
                 stepId == QLatin1String("verify_backup") ? QStringLiteral("skipped") : QStringLiteral("passed"));
        verifyNothingLeft(run);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_scenario = std::make_unique<RestoreScenario>(QStringLiteral("drill"));
        QVERIFY2(m_scenario->startGateway(), qPrintable(m_scenario->lastError()));
        QVERIFY2(m_scenario->addEvidence(3), qPrintable(m_scenario->lastError()));
        QVERIFY2(m_scenario->takeBackup(QStringLiteral("chosen.db")), qPrintable(m_scenario->lastError()));
        // Production moves on after the chosen backup.
        QVERIFY2(m_scenario->addEvidence(2), qPrintable(m_scenario->lastError()));
        m_scratch = m_scenario->dir() + QStringLiteral("/scratch");
        m_reports = m_scenario->dir() + QStringLiteral("/drill-reports");
        QDir().mkpath(m_scratch);
    }

    void passesWithAFreshBackupAndLeavesProductionAlone()
    {
        const qint64 pid = m_scenario->gateway().pid();
        const QStringList besideDatabase = m_scenario->databaseDirectory();
        const ServedState before = m_scenario->served();

        const DrillRun run = drill({QStringLiteral("--backup"), QStringLiteral("fresh"), QStringLiteral("--max-recovery-time"),
                                    QStringLiteral("10m"), QStringLiteral("--max-recovery-point"), QStringLiteral("1h")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QJsonObject &report = run.report;
        QCOMPARE(report.value(QStringLiteral("outcome")).toString(), QStringLiteral("passed"));
        for (const QJsonValue &value : report.value(QStringLiteral("steps")).toArray())
            QVERIFY2(value.toObject().value(QStringLiteral("outcome")).toString() == QLatin1String("passed"),
                     QJsonDocument(value.toObject()).toJson().constData());
        for (const QJsonValue &value : report.value(QStringLiteral("checks")).toArray())
            QVERIFY2(value.toObject().value(QStringLiteral("passed")).toBool(), QJsonDocument(value.toObject()).toJson().constData());
        QCOMPARE(report.value(QStringLiteral("steps")).toArray().size(), 10);

        // The fresh backup is production's state now.
        const QJsonObject backup = report.value(QStringLiteral("backup")).toObject();
        QVERIFY(backup.value(QStringLiteral("name")).toString().startsWith(QStringLiteral("drill-")));
        QCOMPARE(backup.value(QStringLiteral("sha256")).toString().size(), 64);
        QCOMPARE(checkOf(report, QStringLiteral("receipts")).value(QStringLiteral("found")).toString(), QString::number(before.receipts));
        QVERIFY(report.value(QStringLiteral("recovery_time_ms")).toInteger() > 0);
        QVERIFY(report.value(QStringLiteral("recovery_point_ms")).toInteger() >= 0);
        QVERIFY(report.value(QStringLiteral("recovery_point_ms")).toInteger() < 60000);

        // Production: the same process, answering throughout, nothing new
        // beside its database, its evidence as it was.
        QVERIFY(run.healthPolls > 0);
        QCOMPARE(run.healthFailures, 0);
        QCOMPARE(run.productionPids, QList<qint64>{pid});
        QVERIFY(m_scenario->gateway().isRunning());
        QCOMPARE(m_scenario->databaseDirectory(), besideDatabase);
        QCOMPARE(m_scenario->served(), before);

        // The throwaway gateway had its own loopback address.
        const QString bind = report.value(QStringLiteral("environment")).toObject().value(QStringLiteral("throwaway_bind")).toString();
        QVERIFY(bind.startsWith(QStringLiteral("127.0.0.1:")));
        QVERIFY(bind != QStringLiteral("127.0.0.1:%1").arg(m_scenario->port()));
        verifyNothingLeft(run);

        // The report is in the history, and its printed sha256 is the file's.
        const QStringList reports = QDir(m_reports).entryList({QStringLiteral("drill-*.json")}, QDir::Files);
        QVERIFY(!reports.isEmpty());
        const QString path = QDir(m_reports).filePath(reports.last());
        QVERIFY2(run.err.contains(RestoreScenario::sha256Of(path)), qPrintable(run.err));
        QVERIFY2(run.err.contains(QStringLiteral("aegis-drill: PASSED")), qPrintable(run.err));

        // The PDF beside it renders, and holds the summary and whole hashes.
        const QString pdf = path.chopped(5) + QStringLiteral(".pdf");
        QVERIFY2(QFileInfo(pdf).size() > 0, qPrintable(pdf));
        const QString rendered = artifactDir(QStringLiteral("drill")) + QStringLiteral("/drill-report");
        QProcess render;
        render.start(QStringLiteral("pdftoppm"), {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("60"), pdf, rendered});
        QVERIFY2(render.waitForFinished(60000) && render.exitCode() == 0, qPrintable(QString::fromUtf8(render.readAllStandardError())));
        QVERIFY(QFileInfo(rendered + QStringLiteral("-1.png")).size() > 0);
        QProcess text;
        text.start(QStringLiteral("pdftotext"), {QStringLiteral("-raw"), pdf, QStringLiteral("-")});
        QVERIFY(text.waitForFinished(60000) && text.exitCode() == 0);
        const QString words = QString::fromUtf8(text.readAllStandardOutput());
        QString joined = words;
        joined.remove(QRegularExpression(QStringLiteral("\\s+")));
        QVERIFY2(words.contains(QStringLiteral("PASSED")), qPrintable(words));
        QVERIFY2(words.contains(backup.value(QStringLiteral("name")).toString()), qPrintable(words));
        QVERIFY2(joined.contains(backup.value(QStringLiteral("sha256")).toString()), qPrintable(words));
        QVERIFY2(joined.contains(RestoreScenario::sha256Of(path)), qPrintable(words));
        QVERIFY2(words.contains(QStringLiteral("Recovery time")), qPrintable(words));
    }

    void passesWithAChosenBackupAndReportsItsAge()
    {
        const DrillRun run = drill({QStringLiteral("--backup"), QStringLiteral("chosen.db")});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const QJsonObject &report = run.report;
        QCOMPARE(report.value(QStringLiteral("outcome")).toString(), QStringLiteral("passed"));
        const ServedState manifest = m_scenario->manifestState();
        // The restored gateway served the backup's counts, not production's.
        QCOMPARE(checkOf(report, QStringLiteral("receipts")).value(QStringLiteral("found")).toString(),
                 QString::number(manifest.receipts));
        QCOMPARE(checkOf(report, QStringLiteral("decisions")).value(QStringLiteral("found")).toString(),
                 QString::number(manifest.decisions));
        for (const auto &[tenant, head] : manifest.chains) {
            const QJsonObject served = checkOf(report, QStringLiteral("served_head"), tenant);
            QVERIFY2(served.value(QStringLiteral("passed")).toBool(), qPrintable(tenant));
            QVERIFY(served.value(QStringLiteral("found")).toString().startsWith(head.receiptHash));
        }
        // Recovery point: the backup's age when the drill started.
        QString error;
        const auto chosen = BackupManifest::load(m_scenario->manifest(), &error);
        QVERIFY2(chosen, qPrintable(error));
        const QDateTime takenAt = Timestamp::parse(chosen->createdAt);
        const QDateTime started = Timestamp::parse(report.value(QStringLiteral("started_at")).toString());
        QCOMPARE(report.value(QStringLiteral("recovery_point_ms")).toInteger(), takenAt.msecsTo(started));
        QCOMPARE(Timestamp::parse(report.value(QStringLiteral("backup")).toObject().value(QStringLiteral("taken_at")).toString()),
                 takenAt);
        verifyNothingLeft(run);
    }

    void failsWhenTheBackupIsOlderThanAllowed()
    {
        const DrillRun run = drill({QStringLiteral("--backup"), QStringLiteral("chosen.db"), QStringLiteral("--max-recovery-point"),
                                    QStringLiteral("1ms")});
        QVERIFY2(run.exitCode == 1, qPrintable(run.err));
        QCOMPARE(run.report.value(QStringLiteral("failure")).toString(), QStringLiteral("recovery_point_exceeded"));
        QVERIFY(!checkOf(run.report, QStringLiteral("recovery_point")).value(QStringLiteral("passed")).toBool());
        verifyNothingLeft(run);
    }

    void failsOnFlippedBytes()
    {
        const QString copy = copyOfChosen(QStringLiteral("flipped"));
        QFile file(copy);
        QVERIFY(file.open(QIODevice::ReadWrite));
        const qint64 at = file.size() - 700;
        file.seek(at);
        QByteArray bytes = file.read(16);
        for (char &byte : bytes)
            byte = char(~byte);
        file.seek(at);
        file.write(bytes);
        file.close();
        const DrillRun run = drill({QStringLiteral("--backup"), copy});
        QVERIFY2(run.exitCode == 1, qPrintable(run.err));
        QCOMPARE(run.report.value(QStringLiteral("failed_step")).toString(), QStringLiteral("verify_backup"));
        // Damage is found by the integrity check or, where SQLite cannot see
        // it, by the hash; either way the hash check shows the real one.
        QVERIFY(QStringList({QStringLiteral("backup_damaged"), QStringLiteral("manifest_mismatch")})
                    .contains(run.report.value(QStringLiteral("failure")).toString()));
        const QJsonObject sha = checkOf(run.report, QStringLiteral("backup_sha256"));
        QVERIFY(!sha.value(QStringLiteral("passed")).toBool());
        QCOMPARE(sha.value(QStringLiteral("found")).toString(), RestoreScenario::sha256Of(copy));
        verifyFailedAt(run, QStringLiteral("verify_backup"), run.report.value(QStringLiteral("failure")).toString());
    }

    void failsOnAWrongManifestHash()
    {
        const QString copy = copyOfChosen(QStringLiteral("wrong-hash"));
        const QString wrong = QString(64, QLatin1Char('a'));
        QVERIFY(rewriteManifest(copy, [&](BackupManifest &manifest) { manifest.sha256 = wrong; }));
        const DrillRun run = drill({QStringLiteral("--backup"), copy});
        verifyFailedAt(run, QStringLiteral("verify_backup"), QStringLiteral("manifest_mismatch"));
        const QJsonObject sha = checkOf(run.report, QStringLiteral("backup_sha256"));
        QCOMPARE(sha.value(QStringLiteral("expected")).toString(), wrong);
        QCOMPARE(sha.value(QStringLiteral("found")).toString(), RestoreScenario::sha256Of(copy));
    }

    void failsOnAnEditedReceipt()
    {
        // Tampering made consistent: the file's hash is recorded anew, so
        // only the chain itself can tell.
        const QString copy = copyOfChosen(QStringLiteral("edited-receipt"));
        QString error;
        QVERIFY2(SqliteShell::exec(copy, QStringLiteral("UPDATE receipts SET decision = 'allow', tool = 'edited' "
                                                        "WHERE seq = 1 AND tenant_id = 'default'"),
                                   &error),
                 qPrintable(error));
        QVERIFY(rewriteManifest(copy, [&](BackupManifest &manifest) {
            manifest.sha256 = RestoreScenario::sha256Of(copy);
            manifest.sizeBytes = QFileInfo(copy).size();
        }));
        const DrillRun run = drill({QStringLiteral("--backup"), copy});
        verifyFailedAt(run, QStringLiteral("verify_backup"), QStringLiteral("evidence_broken"));
        QVERIFY(checkOf(run.report, QStringLiteral("backup_sha256")).value(QStringLiteral("passed")).toBool());
        QVERIFY(!checkOf(run.report, QStringLiteral("backup_chains")).value(QStringLiteral("passed")).toBool());
    }

    void exitCodesForUsage()
    {
        const DrillRun unknown = drill({QStringLiteral("--no-such-flag")});
        QCOMPARE(unknown.exitCode, 64);
        QVERIFY(unknown.err.contains(QStringLiteral("ERROR")));
        const DrillRun duration = drill({QStringLiteral("--max-recovery-time"), QStringLiteral("soon")});
        QCOMPARE(duration.exitCode, 64);
        const DrillRun noToken = drill({QStringLiteral("--url"), m_scenario->url()}, false);
        QCOMPARE(noToken.exitCode, 64);
        QVERIFY2(noToken.err.contains(QStringLiteral("--token-file")), qPrintable(noToken.err));
        const DrillRun help = drill({QStringLiteral("--help")}, false);
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--max-recovery-time"));
    }
};

QTEST_GUILESS_MAIN(DrillTest)
#include "DrillTest.moc"
