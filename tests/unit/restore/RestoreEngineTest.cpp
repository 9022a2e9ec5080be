// The restore engine against real files (the real schema, valid chains) with
// every outside effect injected: each preflight refusal leaves everything
// untouched, and each failure after the stop rolls back to the original
// database, byte for byte, served again.
#include "tests/unit/restore/RestoreRig.h"

#include "common/backup/BackupManifest.h"
#include "common/backup/BackupName.h"
#include "common/restore/RestoreFileNames.h"
#include "common/restore/RestoreWording.h"
#include "common/restore/SetAsideFiles.h"
#include "common/util/FileSync.h"
#include "common/util/Timestamp.h"
#include "tests/support/SqliteShell.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <functional>
#include <sys/stat.h>

using namespace aegis;
using namespace aegis::test;

Q_DECLARE_METATYPE(std::function<void(RestoreRig &)>)

namespace {

using Setup = std::function<void(RestoreRig &)>;

// The original database is the one under the live name, byte for byte,
// the gateway runs, and nothing of the restore is left behind.
void verifyOriginalServed(RestoreRig &rig)
{
    QCOMPARE(RestoreFixture::sha256Of(rig.fixture.database), rig.fixture.liveSha256);
    QVERIFY(rig.gateway.running);
    QVERIFY2(!QFileInfo::exists(rig.journalPath()), "the journal of a finished rollback must be gone");
    QVERIFY2(rig.named(QStringLiteral("*.partial")).isEmpty(), "no temporary copy may remain");
    QVERIFY2(rig.named(QStringLiteral("*.bad-*")).isEmpty(), qPrintable(rig.named(QStringLiteral("*")).join(QLatin1Char(' '))));
}

} // namespace

class RestoreEngineTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void restoresAndVerifies()
    {
        RestoreRig rig(QStringLiteral("happy"));
        RestoreEngine engine(rig.context(), rig.options);
        const PreflightResult preflight = engine.preflight();
        QVERIFY2(preflight.passed(), qPrintable(preflight.toText()));
        // The plan counts what would be lost, from the live database.
        QVERIFY(preflight.plan.loss.known);
        QCOMPARE(preflight.plan.loss.receipts, 6);
        QCOMPARE(preflight.plan.loss.receiptsByTenant.at(QStringLiteral("default")), 4);
        QCOMPARE(preflight.plan.loss.receiptsByTenant.at(QStringLiteral("acme")), 2);
        QCOMPARE(preflight.plan.confirmationPhrase(), QStringLiteral("aegis.db"));
        QVERIFY(rig.fixture.liveListing().size() == 1); // the preflight created nothing

        RestoreReport report = engine.execute(preflight);
        QCOMPARE(RestoreReport::outcomeName(report.outcome), QStringLiteral("verified"));
        QVERIFY(QFileInfo::exists(rig.journalPath())); // until finished
        report = engine.finish(BadFilesDisposition::Keep);
        QCOMPARE(report.outcome, RestoreReport::Outcome::Verified);

        // The live name holds the backup's bytes; the .bad file the original's.
        QCOMPARE(RestoreFixture::sha256Of(rig.fixture.database), rig.fixture.backupSha256);
        const QStringList bad = rig.named(QStringLiteral("aegis.db.bad-*"));
        QCOMPARE(bad.size(), 1);
        QCOMPARE(rig.hashesOf(bad), QStringList{rig.fixture.liveSha256});
        QVERIFY(!QFileInfo::exists(rig.journalPath()));
        QCOMPARE(rig.gateway.stops(), 1);
        QCOMPARE(rig.gateway.starts(), 1);

        // The report: every step with its times, the verification, the files.
        QStringList steps;
        for (const StepRecord &step : report.steps) {
            steps << RestoreSteps::id(step.step);
            QCOMPARE(step.outcome, StepRecord::Outcome::Ok);
            QVERIFY(!step.startedAt.isEmpty() && !step.finishedAt.isEmpty());
        }
        QCOMPARE(steps, (QStringList{QStringLiteral("stop"), QStringLiteral("move_aside"), QStringLiteral("copy"),
                                     QStringLiteral("start"), QStringLiteral("wait_ready"), QStringLiteral("spot_check"),
                                     QStringLiteral("verify_chain"), QStringLiteral("finish")}));
        // Typed: every chain's verdict and every count, decided by the engine.
        QCOMPARE(report.verification.chains.size(), 2);
        for (const ServedChain &chain : report.verification.chains) {
            QCOMPARE(chain.verdict, ServedChain::Verdict::MatchesHead);
            QVERIFY(chain.ok());
            QCOMPARE(chain.head, chain.expectedHead);
            QCOMPARE(chain.count, rig.fixture.backupHeads.at(chain.tenant).count);
        }
        QCOMPARE(report.verification.counts.size(), 3);
        for (const CountCheck &count : report.verification.counts)
            QCOMPARE(count.verdict(), CountCheck::Verdict::Match);
        QVERIFY(report.verification.chainsOk() && report.verification.countsOk());
        QVERIFY(report.saveError.isEmpty());
        QCOMPARE(report.files.first().kind, ReportFile::Kind::Restored);
        QCOMPARE(report.backup.value(QStringLiteral("sha256")).toString(), rig.fixture.backupSha256);

        const QStringList reports = rig.named(QStringLiteral("aegis.db.restore-*.report.*"));
        QCOMPARE(reports.size(), 2);
        QFile json(rig.livePath(reports.first()));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject saved = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(saved.value(QStringLiteral("outcome")).toString(), QStringLiteral("verified"));
        QCOMPARE(saved.value(QStringLiteral("steps")).toArray().size(), 8);
        // The JSON keeps its shape (words under "verdict") and adds the typed verdicts.
        const QJsonObject savedChain = saved.value(QStringLiteral("verification")).toObject().value(QStringLiteral("chains"))
                                           .toObject().value(QStringLiteral("default")).toObject();
        QCOMPARE(savedChain.value(QStringLiteral("verdict")).toString(), QStringLiteral("head equals the manifest head"));
        QCOMPARE(savedChain.value(QStringLiteral("outcome")).toString(), QStringLiteral("matches_head"));
        const QJsonObject savedReceipts = saved.value(QStringLiteral("verification")).toObject().value(QStringLiteral("counts"))
                                              .toObject().value(QStringLiteral("receipts")).toObject();
        QCOMPARE(savedReceipts.value(QStringLiteral("verdict")).toString(), QStringLiteral("match"));
        QCOMPARE(savedReceipts.value(QStringLiteral("outcome")).toString(), QStringLiteral("match"));
        for (const QJsonValue &file : saved.value(QStringLiteral("files")).toArray()) {
            QVERIFY(file.toObject().contains(QStringLiteral("what")));
            QVERIFY(file.toObject().contains(QStringLiteral("kind")));
        }
        QFile text(rig.livePath(reports.last()));
        QVERIFY(text.open(QIODevice::ReadOnly));
        QVERIFY(text.readAll().contains("RESTORED AND VERIFIED"));
    }

    void keepsOwnerAndMode()
    {
        RestoreRig rig(QStringLiteral("owner"));
        if (rig.posix.effectiveUserId() != 0)
            QSKIP("changing a file's owner needs root");
        QVERIFY(::chown(QFile::encodeName(rig.fixture.database).constData(), 1234, 2345) == 0);
        QVERIFY(::chmod(QFile::encodeName(rig.fixture.database).constData(), 0640) == 0);
        QCOMPARE(rig.restore().outcome, RestoreReport::Outcome::Verified);
        struct stat info {};
        QVERIFY(::stat(QFile::encodeName(rig.fixture.database).constData(), &info) == 0);
        QCOMPARE(info.st_uid, 1234u);
        QCOMPARE(info.st_gid, 2345u);
        QCOMPARE(info.st_mode & 07777, 0640u);
    }

    void archivesTheBadFilesWhenAsked()
    {
        RestoreRig rig(QStringLiteral("archive"));
        const RestoreReport report = rig.restore(BadFilesDisposition::Archive);
        QCOMPARE(report.outcome, RestoreReport::Outcome::Verified);
        QVERIFY(rig.named(QStringLiteral("*.bad-*")).isEmpty());
        const QDir backups(QFileInfo(rig.fixture.backup).absolutePath());
        const QStringList archived = backups.entryList({QStringLiteral("aegis.pre-restore-*.db")}, QDir::Files);
        QCOMPARE(archived.size(), 1);
        QCOMPARE(RestoreFixture::sha256Of(backups.filePath(archived.first())), rig.fixture.liveSha256);
        QVERIFY(BackupName::isPreRestore(archived.first()));

        // Its manifest says what it is, so that the gateway's catalog lists it
        // apart and never as the newest backup; the other fields are read
        // from the old database itself.
        QString error;
        const auto manifest = BackupManifest::load(backups.filePath(BackupName::manifestName(archived.first())), &error);
        QVERIFY2(manifest, qPrintable(error));
        QCOMPARE(manifest->kind, BackupKind::PreRestore);
        QCOMPARE(manifest->name, archived.first());
        QCOMPARE(manifest->sha256, rig.fixture.liveSha256);
        QCOMPARE(manifest->sizeBytes, QFileInfo(backups.filePath(archived.first())).size());
        QCOMPARE(manifest->tenants, rig.fixture.liveHeads);
        qint64 liveReceipts = 0;
        for (const auto &[tenant, head] : rig.fixture.liveHeads)
            liveReceipts += head.count;
        QCOMPARE(manifest->receipts, liveReceipts); // as the live database held, not the backup
        QVERIFY(manifest->receipts > 0);
        QCOMPARE(manifest->quickCheck, QStringLiteral("ok"));
        QVERIFY(manifest->schemaVersion > 0);
        // Named and dated by when the restore set it aside.
        const QDateTime setAside = Timestamp::parse(manifest->createdAt);
        QVERIFY(setAside.isValid());
        QCOMPARE(archived.first(), QStringLiteral("aegis.pre-restore-%1.db").arg(Timestamp::compact(setAside)));
        QVERIFY(report.files.size() >= 2);
        QCOMPARE(report.files.at(1).toJson().value(QStringLiteral("manifest")).toString(),
                 backups.filePath(BackupName::manifestName(archived.first())));
    }

    void namesTheSetAsideFilesWithAReadableUtcTime()
    {
        RestoreRig rig(QStringLiteral("readable-names"));
        QVERIFY(FileSync::writeFile(rig.fixture.database + QStringLiteral("-wal"), QByteArray(), 0600, false, nullptr));
        const QDateTime started = rig.clock.nowUtc();
        QCOMPARE(rig.restore().outcome, RestoreReport::Outcome::Verified);
        const QStringList bad = rig.named(QStringLiteral("aegis.db.bad-*"));
        QCOMPARE(bad.size(), 2);
        const QString stamp = bad.first().mid(QStringLiteral("aegis.db.bad-").size());
        QVERIFY2(Timestamp::parseCompact(stamp).isValid(), qPrintable(bad.first())); // not a unix number
        QVERIFY(Timestamp::parseCompact(stamp).secsTo(started) <= 1);
        QVERIFY(Timestamp::parseCompact(stamp) <= rig.clock.nowUtc());
        QCOMPARE(bad.last(), QStringLiteral("aegis.db.bad-%1-wal").arg(stamp));
        // And found again as one set, with its time.
        const QList<SetAsideFiles::Set> sets = SetAsideFiles::find(rig.fixture.database);
        QCOMPARE(sets.size(), 1);
        QCOMPARE(sets.first().setAsideAt, Timestamp::parseCompact(stamp));
        QCOMPARE(sets.first().files.size(), 2);
        QCOMPARE(sets.first().files.first().role, QStringLiteral("db"));
    }

    // Later, from the console's Restore page: an old-style set (a unix time
    // in its names, from an earlier version) is archived with a manifest,
    // its -wal beside it; another set is deleted.
    void archivesOrDeletesSetAsideFilesLater()
    {
        RestoreRig rig(QStringLiteral("later"));
        const QString database = rig.fixture.database;
        QVERIFY(QFile::copy(database, database + QStringLiteral(".bad-1700000000")));
        QVERIFY(FileSync::writeFile(database + QStringLiteral(".bad-1700000000-wal"), QByteArray("wal"), 0600, false, nullptr));
        QVERIFY(QFile::copy(rig.fixture.backup, database + QStringLiteral(".bad-20261206T031500Z")));
        QVERIFY(FileSync::writeFile(database + QStringLiteral(".bad-notatime"), QByteArray("x"), 0600, false, nullptr));
        QList<SetAsideFiles::Set> sets = SetAsideFiles::find(database);
        QCOMPARE(sets.size(), 2);
        QCOMPARE(sets.at(0).stampText, QStringLiteral("20261206T031500Z")); // newest first
        QVERIFY(!sets.at(0).oldStyleName);
        QCOMPARE(sets.at(1).setAsideAt, QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC));
        QVERIFY(sets.at(1).oldStyleName);

        // Refused while a restore's journal is there: its files are its way back.
        QVERIFY(FileSync::writeFile(rig.journalPath(), QByteArray("{}"), 0600, false, nullptr));
        const QString archive = rig.dir.path() + QStringLiteral("/archive");
        BadFilesDisposal::Result result = SetAsideFiles::dispose(rig.files, database, sets.at(1), BadFilesDisposition::Archive, archive);
        QVERIFY(!result.ok);
        QVERIFY(QFileInfo::exists(database + QStringLiteral(".bad-1700000000")));
        QVERIFY(QFile::remove(rig.journalPath()));

        result = SetAsideFiles::dispose(rig.files, database, sets.at(1), BadFilesDisposition::Archive, archive);
        QVERIFY2(result.ok, qPrintable(RestoreWording::finding(result.finding)));
        const QString archived = archive + QStringLiteral("/aegis.pre-restore-20231114T221320Z.db");
        QCOMPARE(RestoreFixture::sha256Of(archived), rig.fixture.liveSha256);
        QCOMPARE(QFile(archived + QStringLiteral("-wal")).size(), 3);
        QVERIFY(!QFileInfo::exists(database + QStringLiteral(".bad-1700000000")));
        QString error;
        const auto manifest = BackupManifest::load(archived + QStringLiteral(".manifest.json"), &error);
        QVERIFY2(manifest, qPrintable(error));
        QCOMPARE(manifest->kind, BackupKind::PreRestore);
        QCOMPARE(manifest->createdAt, QStringLiteral("2023-11-14T22:13:20.000Z"));
        QCOMPARE(manifest->sha256, RestoreFixture::sha256Of(archived));
        // With a -wal beside it, the file alone is not the whole database:
        // the manifest says so instead of counting half of it.
        QVERIFY2(manifest->quickCheck.contains(QStringLiteral("write-ahead log")), qPrintable(manifest->quickCheck));
        QVERIFY(manifest->tenants.empty());

        result = SetAsideFiles::dispose(rig.files, database, sets.at(0), BadFilesDisposition::Delete, archive);
        QVERIFY2(result.ok, qPrintable(RestoreWording::finding(result.finding)));
        QVERIFY(!QFileInfo::exists(database + QStringLiteral(".bad-20261206T031500Z")));
        QVERIFY(SetAsideFiles::find(database).isEmpty());
        QVERIFY(QFileInfo::exists(database + QStringLiteral(".bad-notatime"))); // not a restore's: left alone
    }

    // A set-aside database too damaged to read still gets its manifest:
    // its hash and size, and why it cannot be read.
    void archivesAnUnreadableDatabaseWithAManifest()
    {
        RestoreRig rig(QStringLiteral("unreadable"));
        const QString database = rig.fixture.database;
        QVERIFY(FileSync::writeFile(database + QStringLiteral(".bad-20261206T031500Z"), QByteArray(8192, 'x'), 0600, false, nullptr));
        const QList<SetAsideFiles::Set> sets = SetAsideFiles::find(database);
        QCOMPARE(sets.size(), 1);
        const QString archive = rig.dir.path() + QStringLiteral("/archive");
        const BadFilesDisposal::Result result = SetAsideFiles::dispose(rig.files, database, sets.first(), BadFilesDisposition::Archive, archive);
        QVERIFY2(result.ok, qPrintable(RestoreWording::finding(result.finding)));
        QString error;
        const auto manifest = BackupManifest::load(archive + QStringLiteral("/aegis.pre-restore-20261206T031500Z.db.manifest.json"), &error);
        QVERIFY2(manifest, qPrintable(error));
        QCOMPARE(manifest->kind, BackupKind::PreRestore);
        QCOMPARE(manifest->sizeBytes, 8192);
        QVERIFY(!manifest->quickCheck.isEmpty());
        QVERIFY(manifest->quickCheck != QLatin1String("ok"));
    }

    void deletesTheBadFilesOnlyWhenAskedAndVerified()
    {
        RestoreRig rig(QStringLiteral("delete"));
        const RestoreReport report = rig.restore(BadFilesDisposition::Delete);
        QCOMPARE(report.outcome, RestoreReport::Outcome::Verified);
        QVERIFY(rig.named(QStringLiteral("*.bad-*")).isEmpty());
        QCOMPARE(report.disposition.kind, StepFinding::Kind::FilesDeleted);

        // A restore that fails never deletes, whatever was asked.
        RestoreRig failing(QStringLiteral("delete-failing"));
        failing.gateway.chainFails = true;
        QCOMPARE(failing.restore(BadFilesDisposition::Delete).outcome, RestoreReport::Outcome::RolledBack);
        verifyOriginalServed(failing);
    }

    void refusals_data()
    {
        QTest::addColumn<Setup>("setup");
        QTest::addColumn<QString>("check");
        QTest::addColumn<bool>("overridable");
        QTest::newRow("corrupt backup") << Setup([](RestoreRig &rig) {
            QFile file(rig.fixture.backup);
            QVERIFY(file.open(QIODevice::ReadWrite));
            file.seek(4096);
            file.write(QByteArray(8192, '\x5a'));
            file.close();
            QString error;
            QVERIFY(rig.fixture.writeManifest(&error)); // a manifest of the damaged file: sha matches
        }) << QStringLiteral("backup_integrity") << false;
        QTest::newRow("not a database") << Setup([](RestoreRig &rig) {
            QVERIFY(FileSync::writeFile(rig.fixture.backup, QByteArray(8192, 'x'), 0600, true, nullptr));
        }) << QStringLiteral("backup_integrity") << false;
        QTest::newRow("sha256 mismatch") << Setup([](RestoreRig &rig) {
            QVERIFY(SqliteShell::exec(rig.fixture.backup, QStringLiteral("INSERT INTO tenants (id, name, created_at) VALUES ('x', 'x', 'x')")));
        }) << QStringLiteral("sha256") << false;
        QTest::newRow("newer schema than the gateway") << Setup([](RestoreRig &rig) {
            rig.options.gatewaySchemaVersion = 1;
        }) << QStringLiteral("schema") << false;
        QTest::newRow("gateway schema unknown") << Setup([](RestoreRig &rig) {
            rig.options.gatewaySchemaVersion.reset();
            rig.gateway.running = false;
        }) << QStringLiteral("schema") << false;
        QTest::newRow("broken chain") << Setup([](RestoreRig &rig) {
            QVERIFY(SqliteShell::exec(rig.fixture.backup, QStringLiteral("UPDATE receipts SET decision = 'allow', tool = 'tampered' WHERE tenant_id = 'acme' AND seq = 2")));
            QString error;
            QVERIFY(rig.fixture.writeManifest(&error));
        }) << QStringLiteral("chains") << false;
        QTest::newRow("manifest head diverged") << Setup([](RestoreRig &rig) {
            QFile file(rig.fixture.manifest);
            QVERIFY(file.open(QIODevice::ReadOnly));
            QByteArray bytes = file.readAll();
            file.close();
            const QString head = rig.fixture.backupHeads.at(QStringLiteral("acme")).receiptHash;
            bytes.replace(head.toLatin1(), QByteArray(64, 'a'));
            QVERIFY(FileSync::writeFile(rig.fixture.manifest, bytes, 0600, true, nullptr));
        }) << QStringLiteral("chains") << false;
        QTest::newRow("not enough space") << Setup([](RestoreRig &rig) {
            rig.files.freeBytesOverride = 100000;
        }) << QStringLiteral("space") << false;
        QTest::newRow("no manifest") << Setup([](RestoreRig &rig) {
            QVERIFY(QFile::remove(rig.fixture.manifest));
        }) << QStringLiteral("manifest") << true;
        QTest::newRow("unfinished restore") << Setup([](RestoreRig &rig) {
            QVERIFY(FileSync::writeFile(rig.journalPath(), "{}", 0600, true, nullptr));
        }) << QStringLiteral("no_unfinished_restore") << false;
        QTest::newRow("token refused") << Setup([](RestoreRig &rig) {
            rig.gateway.tokenRefused = true;
        }) << QStringLiteral("admin_token") << false;
        QTest::newRow("backup is the live database") << Setup([](RestoreRig &rig) {
            rig.options.backupPath = rig.fixture.database;
        }) << QStringLiteral("paths") << false;
    }

    void refusals()
    {
        QFETCH(Setup, setup);
        QFETCH(QString, check);
        QFETCH(bool, overridable);
        RestoreRig rig(QStringLiteral("refusal-") + QString::fromLatin1(QTest::currentDataTag()));
        setup(rig);
        if (QTest::currentTestFailed())
            return;
        const QStringList before = rig.fixture.liveListing();
        const bool wasRunning = rig.gateway.running;

        RestoreEngine engine(rig.context(), rig.options);
        const PreflightResult preflight = engine.preflight();
        QVERIFY(!preflight.passed());
        const PreflightCheck *failed = preflight.check(check);
        QVERIFY2(failed && failed->blocks(), qPrintable(preflight.toText()));
        QVERIFY2(!failed->remedy.isEmpty(), "a refusal says what to do");
        QCOMPARE(preflight.refusal().canOverride(), overridable);
        const RestoreReport report = engine.execute(preflight);
        QCOMPARE(report.outcome, RestoreReport::Outcome::Refused);

        // Nothing touched: not a file, not the gateway.
        QCOMPARE(rig.fixture.liveListing(), before);
        QCOMPARE(rig.gateway.stops(), 0);
        QCOMPARE(rig.gateway.starts(), 0);
        QCOMPARE(rig.gateway.running, wasRunning);
        QCOMPARE(rig.files.effectfulCalls() - rig.files.calls(QStringLiteral("hash")), 0);
    }

    void missingManifestCanBeOverriddenKnowingly()
    {
        RestoreRig rig(QStringLiteral("override"));
        QVERIFY(QFile::remove(rig.fixture.manifest));
        rig.options.allowMissingManifest = true;
        const RestoreReport report = rig.restore();
        QCOMPARE(report.outcome, RestoreReport::Outcome::Verified);
        bool overridden = false;
        for (const PreflightCheck &check : report.checks)
            overridden = overridden || (check.id == QLatin1String("manifest") && check.status == PreflightCheck::Status::Overridden);
        QVERIFY2(overridden, "the report records the override");
        // Without a manifest the backup's own heads are the expectation.
        bool acmeMatches = false;
        for (const ServedChain &chain : report.verification.chains)
            acmeMatches = acmeMatches || (chain.tenant == QLatin1String("acme") && chain.verdict == ServedChain::Verdict::MatchesHead);
        QVERIFY(acmeMatches);
    }

    void failuresRollBack_data()
    {
        QTest::addColumn<Setup>("setup");
        QTest::addColumn<QString>("step");
        QTest::addColumn<QString>("outcome");
        QTest::addColumn<QString>("kind"); // the failure's finding
        QTest::newRow("copy fails (disk full)") << Setup([](RestoreRig &rig) {
            rig.files.failAt(QStringLiteral("copy"), 1, QStringLiteral("No space left on device"));
        }) << QStringLiteral("copy") << QStringLiteral("rolled_back") << QStringLiteral("files_failed");
        QTest::newRow("rename into place fails") << Setup([](RestoreRig &rig) {
            rig.files.failAt(QStringLiteral("rename"), 2, QStringLiteral("Input/output error"));
        }) << QStringLiteral("copy") << QStringLiteral("rolled_back") << QStringLiteral("files_failed");
        QTest::newRow("move aside fails") << Setup([](RestoreRig &rig) {
            rig.files.failAt(QStringLiteral("rename"), 1, QStringLiteral("Permission denied"));
        }) << QStringLiteral("move_aside") << QStringLiteral("aborted") << QStringLiteral("files_failed");
        QTest::newRow("copy on disk differs") << Setup([](RestoreRig &rig) {
            rig.files.lieAboutHashAt(3, QString(64, QLatin1Char('0')));
        }) << QStringLiteral("copy") << QStringLiteral("rolled_back") << QStringLiteral("files_failed");
        QTest::newRow("owner cannot be set") << Setup([](RestoreRig &rig) {
            rig.files.failAt(QStringLiteral("chown"), 1, QStringLiteral("Operation not permitted"));
        }) << QStringLiteral("copy") << QStringLiteral("rolled_back") << QStringLiteral("files_failed");
        QTest::newRow("directory fsync fails") << Setup([](RestoreRig &rig) {
            rig.files.failAt(QStringLiteral("sync"), 2, QStringLiteral("Input/output error"));
        }) << QStringLiteral("copy") << QStringLiteral("rolled_back") << QStringLiteral("files_failed");
        QTest::newRow("journal cannot be written before the start") << Setup([](RestoreRig &rig) {
            rig.files.failAt(QStringLiteral("write"), 5, QStringLiteral("No space left on device"));
        }) << QStringLiteral("start") << QStringLiteral("rolled_back") << QStringLiteral("journal_not_written");
        QTest::newRow("journal cannot be written at all") << Setup([](RestoreRig &rig) {
            rig.files.failAt(QStringLiteral("write"), 1, QStringLiteral("Read-only file system"));
        }) << QStringLiteral("stop") << QStringLiteral("aborted") << QStringLiteral("journal_not_written");
        QTest::newRow("start fails") << Setup([](RestoreRig &rig) { rig.gateway.startFailures = 1; })
                                     << QStringLiteral("start") << QStringLiteral("rolled_back") << QStringLiteral("start_failed");
        QTest::newRow("never ready") << Setup([](RestoreRig &rig) { rig.gateway.unreadyStarts = 1; })
                                     << QStringLiteral("wait_ready") << QStringLiteral("rolled_back") << QStringLiteral("not_ready");
        QTest::newRow("spot check short") << Setup([](RestoreRig &rig) { rig.gateway.servedCountShortfall = 1; })
                                          << QStringLiteral("spot_check") << QStringLiteral("rolled_back") << QStringLiteral("spot_check_failed");
        QTest::newRow("chain does not verify") << Setup([](RestoreRig &rig) { rig.gateway.chainFails = true; })
                                               << QStringLiteral("verify_chain") << QStringLiteral("rolled_back") << QStringLiteral("chain_check_failed");
        QTest::newRow("stop refused") << Setup([](RestoreRig &rig) { rig.gateway.stopFailures = 1; })
                                      << QStringLiteral("stop") << QStringLiteral("aborted") << QStringLiteral("stop_request_failed");
        QTest::newRow("stop says ok, gateway keeps answering") << Setup([](RestoreRig &rig) { rig.gateway.ignoresStop = true; })
                                                               << QStringLiteral("stop") << QStringLiteral("aborted") << QStringLiteral("not_stopped");
        QTest::newRow("cancelled") << Setup([](RestoreRig &) {}) << QStringLiteral("stop") << QStringLiteral("aborted") << QStringLiteral("cancelled");
    }

    void failuresRollBack()
    {
        QFETCH(Setup, setup);
        QFETCH(QString, step);
        QFETCH(QString, outcome);
        QFETCH(QString, kind);
        RestoreRig rig(QStringLiteral("fail-") + QString::fromLatin1(QTest::currentDataTag()));
        setup(rig);
        RestoreEngine engine(rig.context(), rig.options);
        const PreflightResult preflight = engine.preflight();
        QVERIFY2(preflight.passed(), qPrintable(preflight.toText()));
        if (QByteArray(QTest::currentDataTag()) == "cancelled")
            engine.cancel();
        const RestoreReport report = engine.execute(preflight);
        QVERIFY2(RestoreReport::outcomeName(report.outcome) == outcome,
                 qPrintable(report.toText() + rig.files.log().join(QLatin1Char('\n'))));
        QCOMPARE(RestoreSteps::id(report.failure.step), step);
        QCOMPARE(StepFinding::kindId(report.failure.kind()), kind);
        // The failed step's record carries the same finding, and the JSON both the words and the kind.
        const QJsonObject json = report.toJson();
        QCOMPARE(json.value(QStringLiteral("failure_kind")).toString(), kind);
        QCOMPARE(json.value(QStringLiteral("failed_step")).toString(), step);
        QVERIFY(!json.value(QStringLiteral("failure")).toString().isEmpty());
        verifyOriginalServed(rig);
        // The report of a failed restore is saved too.
        QCOMPARE(rig.named(QStringLiteral("aegis.db.restore-*.report.json")).size(), 1);
    }

    void cancelDuringTheRun_data()
    {
        QTest::addColumn<int>("step");
        QTest::addColumn<QString>("outcome");
        // Cancel means "go no further": before anything moved, nothing
        // moves; afterwards the original is put back, and the rollback's own
        // waits (the gateway takes a few probes to come up here) must not
        // take the cancel as theirs: they did, and the gateway was left
        // stopped, "needs attention".
        QTest::newRow("while moving aside") << int(RestoreStep::MoveAside) << QStringLiteral("aborted");
        QTest::newRow("while copying") << int(RestoreStep::Copy) << QStringLiteral("rolled_back");
        QTest::newRow("while waiting for readiness") << int(RestoreStep::WaitReady) << QStringLiteral("rolled_back");
        // Once only checks remain, they finish: the restored copy is served.
        QTest::newRow("while verifying the chain") << int(RestoreStep::VerifyChain) << QStringLiteral("verified");
    }

    void cancelDuringTheRun()
    {
        QFETCH(int, step);
        QFETCH(QString, outcome);
        RestoreRig rig(QStringLiteral("cancel-%1").arg(step));
        struct Canceller : RestoreObserver
        {
            RestoreEngine *engine = nullptr;
            FakeGateway *gateway = nullptr;
            RestoreStep at = RestoreStep::Preflight;
            void stepStarted(RestoreStep started, const QDateTime &) override
            {
                if (started != at)
                    return;
                engine->cancel();
                // Whoever starts the gateway next waits for it a little.
                gateway->silentHealthProbes = 3;
            }
        } canceller;
        canceller.at = RestoreStep(step);
        canceller.gateway = &rig.gateway;
        RestoreContext context = rig.context();
        context.observer = &canceller;
        RestoreEngine engine(context, rig.options);
        canceller.engine = &engine;
        const PreflightResult preflight = engine.preflight();
        QVERIFY2(preflight.passed(), qPrintable(preflight.toText()));
        const RestoreReport report = engine.execute(preflight);
        QVERIFY2(RestoreReport::outcomeName(report.outcome) == outcome, qPrintable(report.toText()));
        if (outcome != QLatin1String("verified")) {
            // Said as a cancel by its kind, whatever step was stopped.
            const StepFinding::Kind kind = report.failure.kind();
            QVERIFY2(kind == StepFinding::Kind::Cancelled || kind == StepFinding::Kind::ReadyWaitCancelled
                         || kind == StepFinding::Kind::StopWaitCancelled,
                     qPrintable(StepFinding::kindId(kind)));
            verifyOriginalServed(rig);
        }
    }

    void stopIsNeverAssumedFromATimer()
    {
        // /health goes quiet but a process still holds the database: the
        // engine waits the whole deadline, then refuses to touch the files.
        RestoreRig rig(QStringLiteral("lock-held"));
        rig.options.stopTimeout = std::chrono::minutes(2);
        rig.files.lockOverride = [](const QString &) -> std::optional<LockProbe> {
            LockProbe held;
            held.state = LockProbe::State::Held;
            held.holderPid = 777;
            held.detail = QStringLiteral("process 777 holds a lock");
            return held;
        };
        const RestoreReport report = rig.restore();
        QCOMPARE(report.outcome, RestoreReport::Outcome::Aborted);
        QCOMPARE(report.failure.step, RestoreStep::Stop);
        QCOMPARE(report.failure.kind(), StepFinding::Kind::NotStopped);
        QCOMPARE(report.failure.finding.ms, qint64(120000));
        QVERIFY2(report.failure.finding.cause.contains(QStringLiteral("777")),
                 qPrintable(report.failure.finding.cause));
        QVERIFY(rig.clock.sleptMs() >= 120000);
        QCOMPARE(RestoreFixture::sha256Of(rig.fixture.database), rig.fixture.liveSha256);
        QVERIFY(rig.named(QStringLiteral("*.bad-*")).isEmpty());
        QCOMPARE(rig.gateway.starts(), 1); // put back into service
    }

    void companionsMoveAndComeBackTogether()
    {
        RestoreRig rig(QStringLiteral("companions"));
        QVERIFY(FileSync::writeFile(rig.fixture.database + QStringLiteral("-wal"), QByteArray(), 0600, false, nullptr));
        rig.files.failAt(QStringLiteral("rename"), 2, QStringLiteral("Input/output error")); // the -wal's move
        const RestoreReport report = rig.restore();
        QCOMPARE(report.outcome, RestoreReport::Outcome::RolledBack);
        QCOMPARE(RestoreFixture::sha256Of(rig.fixture.database), rig.fixture.liveSha256);
        QVERIFY(QFileInfo::exists(rig.fixture.database + QStringLiteral("-wal")));
        QVERIFY(rig.named(QStringLiteral("*.bad-*")).isEmpty());

        RestoreRig whole(QStringLiteral("companions-whole"));
        QVERIFY(FileSync::writeFile(whole.fixture.database + QStringLiteral("-wal"), QByteArray(), 0600, false, nullptr));
        QCOMPARE(whole.restore().outcome, RestoreReport::Outcome::Verified);
        QCOMPARE(whole.named(QStringLiteral("aegis.db.bad-*")).size(), 2); // the database and its -wal
        QVERIFY(!QFileInfo::exists(whole.fixture.database + QStringLiteral("-wal")));
    }

    void failedRollbackNeedsAttentionAndResumes()
    {
        RestoreRig rig(QStringLiteral("rollback-fails"));
        rig.files.failAt(QStringLiteral("copy"), 1, QStringLiteral("No space left on device"));
        rig.files.failFrom(QStringLiteral("rename"), 2, QStringLiteral("Device or resource busy"));
        const RestoreReport report = rig.restore();
        QCOMPARE(report.outcome, RestoreReport::Outcome::NeedsAttention);
        QCOMPARE(report.nextActions.size(), 1);
        QCOMPARE(report.nextActions.first().kind, RestoreNextAction::Kind::FixCauseThenRollBack);
        QCOMPARE(report.nextActions.first().database, rig.fixture.database);
        QVERIFY(report.nextActions.first().cause.endsWith(QStringLiteral("Device or resource busy")));
        QVERIFY(RestoreWording::nextActions(report.nextActions).contains(QStringLiteral("--resume")));
        // The original is safe aside, and the journal says so.
        const QStringList bad = rig.named(QStringLiteral("aegis.db.bad-*"));
        QCOMPARE(rig.hashesOf(bad), QStringList{rig.fixture.liveSha256});
        QString error;
        const auto journal = RestoreEngine::loadJournal(rig.files, rig.fixture.database, &error);
        QVERIFY2(journal, qPrintable(error));
        QCOMPARE(journal->phase, RestoreJournal::Phase::RollingBack);
        const ResumeAdvice advice = ResumeAdvice::forJournal(*journal);
        QVERIFY(!advice.canFinish);

        rig.files.clearFaults();
        RestoreEngine resumed(rig.context(), rig.options);
        const RestoreReport after = resumed.resume(*journal, ResumeAdvice::Choice::RollBack);
        QVERIFY2(after.outcome == RestoreReport::Outcome::RolledBack, qPrintable(after.toText()));
        QVERIFY(after.resumed);
        verifyOriginalServed(rig);
    }

    void resumeFinishesAVerifiedRestore()
    {
        RestoreRig rig(QStringLiteral("resume-verified"));
        {
            RestoreEngine engine(rig.context(), rig.options);
            QCOMPARE(engine.execute(engine.preflight()).outcome, RestoreReport::Outcome::Verified);
            // The console dies before finish().
        }
        QString error;
        const auto journal = RestoreEngine::loadJournal(rig.files, rig.fixture.database, &error);
        QVERIFY(journal);
        const ResumeAdvice advice = ResumeAdvice::forJournal(*journal);
        QCOMPARE(advice.recommended, ResumeAdvice::Choice::Finish);
        QVERIFY(!advice.canRollBack);
        RestoreEngine engine(rig.context(), rig.options);
        RestoreReport report = engine.resume(*journal, ResumeAdvice::Choice::RollBack); // not allowed: finishes
        QCOMPARE(report.outcome, RestoreReport::Outcome::Verified);
        QVERIFY(!report.verification.isEmpty());
        // The resumed report takes the interrupted run's checks, typed again from its journal.
        QVERIFY(!report.verification.chains.isEmpty());
        QVERIFY(report.verification.chainsOk());
        report = engine.finish(BadFilesDisposition::Keep);
        QCOMPARE(report.outcome, RestoreReport::Outcome::Verified);
        QVERIFY(!QFileInfo::exists(rig.journalPath()));
        QCOMPARE(RestoreFixture::sha256Of(rig.fixture.database), rig.fixture.backupSha256);
        QCOMPARE(rig.gateway.starts(), 1);
    }

    void restoresWhenThereIsNoLiveDatabase()
    {
        // The disk with the database was lost: nothing to set aside.
        RestoreRig rig(QStringLiteral("no-live"));
        QVERIFY(QFile::remove(rig.fixture.database));
        rig.gateway.running = false;
        const RestoreReport report = rig.restore();
        QVERIFY2(report.outcome == RestoreReport::Outcome::Verified, qPrintable(report.toText()));
        QCOMPARE(RestoreFixture::sha256Of(rig.fixture.database), rig.fixture.backupSha256);
        QVERIFY(rig.named(QStringLiteral("*.bad-*")).isEmpty());

        // And when that restore fails, the copy goes aside: no half state.
        RestoreRig failing(QStringLiteral("no-live-failing"));
        QVERIFY(QFile::remove(failing.fixture.database));
        failing.gateway.running = false;
        failing.gateway.chainFails = true;
        QCOMPARE(failing.restore().outcome, RestoreReport::Outcome::RolledBack);
        QVERIFY(!QFileInfo::exists(failing.fixture.database));
        QCOMPARE(failing.named(QStringLiteral("aegis.db.failed-restore-*")).size(), 1);
    }

    void resumeNeverStartsASecondGateway()
    {
        // Killed just after the start: the new gateway holds the database
        // but does not answer yet when the restore is resumed.
        struct Crash
        {
        };
        RestoreRig rig(QStringLiteral("resume-starting"));
        int writes = 0;
        rig.files.crashAt(15, [] { throw Crash(); }); // the journal write before the readiness wait
        try {
            rig.restore();
        } catch (const Crash &) {
            ++writes;
        }
        QCOMPARE(writes, 1);
        rig.files.clearFaults();
        QCOMPARE(rig.gateway.starts(), 1);
        QVERIFY(rig.gateway.running);
        rig.gateway.silentHealthProbes = 3;
        QString error;
        const auto journal = RestoreEngine::loadJournal(rig.files, rig.fixture.database, &error);
        QVERIFY(journal);
        QCOMPARE(journal->phase, RestoreJournal::Phase::Starting);
        RestoreEngine engine(rig.context(), rig.options);
        RestoreReport report = engine.resume(*journal, ResumeAdvice::Choice::Finish);
        QVERIFY2(report.outcome == RestoreReport::Outcome::Verified, qPrintable(report.toText()));
        QCOMPARE(rig.gateway.starts(), 1);
    }

    void progressIsReportedPerStep()
    {
        struct Recorder : RestoreObserver
        {
            QStringList events;
            void stepStarted(RestoreStep step, const QDateTime &) override { events << QStringLiteral("start ") + RestoreSteps::id(step); }
            void stepProgress(RestoreStep step, qint64 done, qint64 total, ProgressUnit unit, const QString &) override
            {
                if (step == RestoreStep::Copy && done == total && unit == ProgressUnit::Bytes)
                    events << QStringLiteral("copied");
                if (step == RestoreStep::Preflight && unit == ProgressUnit::Receipts && !events.contains(QStringLiteral("receipts")))
                    events << QStringLiteral("receipts");
            }
            void stepFinished(const StepRecord &record) override { events << QStringLiteral("end ") + RestoreSteps::id(record.step); }
        } recorder;
        RestoreRig rig(QStringLiteral("progress"));
        RestoreContext context = rig.context();
        context.observer = &recorder;
        RestoreEngine engine(context, rig.options);
        engine.finish(BadFilesDisposition::Keep); // refused: nothing verified yet
        QVERIFY(recorder.events.isEmpty());
        QCOMPARE(engine.execute(engine.preflight()).outcome, RestoreReport::Outcome::Verified);
        engine.finish(BadFilesDisposition::Keep);
        QVERIFY2(recorder.events.contains(QStringLiteral("copied")), qPrintable(recorder.events.join(QLatin1Char(','))));
        // The chain check's progress counts receipts, typed: no one reads its words.
        QVERIFY2(recorder.events.contains(QStringLiteral("receipts")), qPrintable(recorder.events.join(QLatin1Char(','))));
        QCOMPARE(recorder.events.first(), QStringLiteral("start preflight"));
        QCOMPARE(recorder.events.last(), QStringLiteral("end finish"));
        QCOMPARE(recorder.events.count(QStringLiteral("start copy")), 1);
    }
};

QTEST_GUILESS_MAIN(RestoreEngineTest)
#include "RestoreEngineTest.moc"
