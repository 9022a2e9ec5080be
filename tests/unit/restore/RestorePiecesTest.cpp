// The restore engine's smaller parts: the journal's format, the resume
// rules, the names, the service controls' command lines, the real file
// operations (lock probe included) and the probe's view of a dead port.
#include "common/db/DatabaseInspector.h"
#include "common/restore/CommandServiceControl.h"
#include "common/restore/DataLoss.h"
#include "common/restore/HttpGatewayProbe.h"
#include "common/restore/ManagedServiceControl.h"
#include "common/restore/ManualServiceControl.h"
#include "common/restore/PosixFileOperations.h"
#include "common/restore/RestoreCommand.h"
#include "common/restore/RestoreFileNames.h"
#include "common/restore/RestoreJournal.h"
#include "common/restore/RestoreWording.h"
#include "common/restore/ResumeAdvice.h"
#include "common/restore/SetAsideFiles.h"
#include "common/restore/SpotCheck.h"
#include "common/restore/SystemdServiceControl.h"
#include "common/util/Timestamp.h"
#include "tests/support/ScratchDir.h"
#include "tests/support/SqliteShell.h"
#include "tests/unit/restore/support/RecordingCommandRunner.h"
#include "tests/unit/restore/support/RestoreFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QtTest>

#include <csignal>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace aegis;
using namespace aegis::test;

namespace {

// A child process that holds a POSIX read lock on `path` (as SQLite does)
// until killed.
pid_t holdLockInChild(const QString &path)
{
    int ready[2];
    if (::pipe(ready) != 0)
        return -1;
    const QByteArray name = QFile::encodeName(path);
    const pid_t pid = ::fork();
    if (pid == 0) {
        const int fd = ::open(name.constData(), O_RDWR);
        struct flock lock {};
        lock.l_type = F_RDLCK;
        lock.l_whence = SEEK_SET;
        lock.l_start = 1073741824 + 2;
        lock.l_len = 510;
        ::fcntl(fd, F_SETLK, &lock);
        if (::write(ready[1], "x", 1) != 1)
            ::_exit(1);
        ::pause();
        ::_exit(0);
    }
    char byte = 0;
    if (::read(ready[0], &byte, 1) != 1)
        return -1;
    ::close(ready[0]);
    ::close(ready[1]);
    return pid;
}

void stopChild(pid_t pid)
{
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
}

} // namespace

class RestorePiecesTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void journalRoundTrip()
    {
        RestoreJournal journal;
        journal.id = QStringLiteral("restore-1");
        journal.startedAt = QStringLiteral("2026-11-26T09:00:00.000Z");
        journal.phase = RestoreJournal::Phase::Copying;
        journal.reached = RestoreJournal::Phase::Copying;
        journal.stamp = 1795675185;
        journal.databasePath = QStringLiteral("/var/lib/aegis/aegis.db");
        journal.backupPath = QStringLiteral("/var/backups/aegis/b1.db");
        journal.backupSha256 = QString(64, QLatin1Char('a'));
        journal.expectedHeads[QStringLiteral("acme")] = ExpectedHead{3, 3, QString(64, QLatin1Char('b')), QStringLiteral("id-3")};
        journal.expectedHeads[QStringLiteral("empty")] = ExpectedHead{};
        journal.expectedReceipts = 3;
        journal.originals.append({QStringLiteral("db"), QStringLiteral("/x/aegis.db"), QStringLiteral("/x/aegis.db.bad-1"), 4096,
                                  QString(64, QLatin1Char('c'))});
        journal.hasOriginalStatus = true;
        journal.originalStatus.ownerId = 123;
        journal.originalStatus.mode = 0640;
        journal.temporaryPath = QStringLiteral("/x/.aegis.db.restore-1.partial");
        journal.service.kind = ServiceControl::Kind::Managed;
        journal.service.managed.binary = QStringLiteral("/usr/bin/aegis-gateway");
        journal.service.managed.bind = QStringLiteral("127.0.0.1:8080");
        StepRecord step;
        step.step = RestoreStep::MoveAside;
        step.finding = StepFinding(StepFinding::Kind::SetAside);
        step.finding.count = 2;
        step.finding.path = QStringLiteral("/x/aegis.db.bad-1");
        journal.steps.append(step);
        journal.failure = RestoreFailure(
            RestoreStep::Copy, StepFinding(StepFinding::Kind::FilesFailed, QStringLiteral("No space left on device")));

        QString error;
        const auto back = RestoreJournal::fromBytes(journal.toBytes(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->phase, RestoreJournal::Phase::Copying);
        QCOMPARE(back->stamp, journal.stamp);
        QCOMPARE(back->expectedHeads, journal.expectedHeads);
        QCOMPARE(back->originals.size(), 1);
        QCOMPARE(back->originals.first().sha256, journal.originals.first().sha256);
        QCOMPARE(back->originalStatus.mode, 0640u);
        QCOMPARE(back->service.managed.binary, journal.service.managed.binary);
        QCOMPARE(back->steps.first().step, RestoreStep::MoveAside);
        QCOMPARE(back->steps.first().finding.kind, StepFinding::Kind::SetAside);
        QCOMPARE(back->steps.first().finding.count, qint64(2));
        QCOMPARE(back->failure.step, RestoreStep::Copy);
        QCOMPARE(back->failure.kind(), StepFinding::Kind::FilesFailed);
        QCOMPARE(back->failure.finding.cause, QStringLiteral("No space left on device"));
        // The words are still written where they always were, made from the kinds.
        const QJsonObject written = QJsonDocument::fromJson(journal.toBytes()).object();
        QCOMPARE(written.value(QStringLiteral("failure")).toString(), QStringLiteral("No space left on device"));
        QCOMPARE(written.value(QStringLiteral("failed_step")).toString(), QStringLiteral("copy"));
        QCOMPARE(written.value(QStringLiteral("failure_kind")).toString(), QStringLiteral("files_failed"));
        const QJsonObject writtenStep = written.value(QStringLiteral("steps")).toArray().first().toObject();
        QCOMPARE(writtenStep.value(QStringLiteral("summary")).toString(),
                 QStringLiteral("2 file(s) set aside as aegis.db.bad-1 (database sha256 -)"));
        QCOMPARE(writtenStep.value(QStringLiteral("finding")).toObject().value(QStringLiteral("kind")).toString(),
                 QStringLiteral("set_aside"));

        // A journal written before the kinds existed: its sentences are kept, for display only.
        QJsonObject old = written;
        old.remove(QStringLiteral("failure_kind"));
        old.remove(QStringLiteral("failure_finding"));
        old.insert(QStringLiteral("failure"), QStringLiteral("an old sentence"));
        QJsonObject oldStep = writtenStep;
        oldStep.remove(QStringLiteral("finding"));
        oldStep.insert(QStringLiteral("summary"), QStringLiteral("moved"));
        old.insert(QStringLiteral("steps"), QJsonArray{oldStep});
        const auto legacy = RestoreJournal::fromBytes(QJsonDocument(old).toJson(), &error);
        QVERIFY2(legacy, qPrintable(error));
        QCOMPARE(legacy->failure.kind(), StepFinding::Kind::None);
        QCOMPARE(legacy->failure.step, RestoreStep::Copy);
        QCOMPARE(RestoreWording::failure(legacy->failure), QStringLiteral("an old sentence"));
        QCOMPARE(legacy->steps.first().finding.kind, StepFinding::Kind::None);
        QCOMPARE(RestoreWording::step(legacy->steps.first()), QStringLiteral("moved"));
        QCOMPARE(QJsonDocument::fromJson(legacy->toBytes()).object().value(QStringLiteral("failure")).toString(),
                 QStringLiteral("an old sentence"));
        QVERIFY(!journal.toBytes().contains("\"token\""));

        QVERIFY(!RestoreJournal::fromBytes("not json", &error));
        QVERIFY(!RestoreJournal::fromBytes(R"({"format":"something-else"})", &error));
        QVERIFY(error.contains(QStringLiteral("format")));
        QByteArray unknownPhase = journal.toBytes();
        unknownPhase.replace("\"copying\"", "\"dancing\"");
        QVERIFY(!RestoreJournal::fromBytes(unknownPhase, &error));
    }

    void resumeRules()
    {
        using Phase = RestoreJournal::Phase;
        RestoreJournal journal;
        const QList<std::tuple<Phase, ResumeAdvice::Choice, bool, bool>> rules = {
            {Phase::Stopping, ResumeAdvice::Choice::RollBack, true, true},
            {Phase::MovingAside, ResumeAdvice::Choice::RollBack, true, true},
            {Phase::Copying, ResumeAdvice::Choice::RollBack, true, true},
            {Phase::Installing, ResumeAdvice::Choice::Finish, true, true},
            {Phase::Starting, ResumeAdvice::Choice::Finish, true, true},
            {Phase::VerifyingChain, ResumeAdvice::Choice::Finish, true, true},
            {Phase::Finishing, ResumeAdvice::Choice::Finish, true, false},
            {Phase::RollingBack, ResumeAdvice::Choice::RollBack, false, true},
        };
        for (const auto &[phase, recommended, finish, rollback] : rules) {
            journal.phase = phase;
            const ResumeAdvice advice = ResumeAdvice::forJournal(journal);
            QCOMPARE(advice.recommended, recommended);
            QCOMPARE(advice.canFinish, finish);
            QCOMPARE(advice.canRollBack, rollback);
            QVERIFY(!advice.explanation.isEmpty());
        }
    }

    void names()
    {
        const RestoreFileNames names(QStringLiteral("/var/lib/aegis/aegis.db"), 1700000000);
        QCOMPARE(names.live(QStringLiteral("wal")), QStringLiteral("/var/lib/aegis/aegis.db-wal"));
        // The UTC time in the names, readable: 1700000000 is 2023-11-14 22:13:20 UTC.
        QCOMPARE(names.aside(QStringLiteral("db")), QStringLiteral("/var/lib/aegis/aegis.db.bad-20231114T221320Z"));
        QCOMPARE(names.aside(QStringLiteral("shm")), QStringLiteral("/var/lib/aegis/aegis.db.bad-20231114T221320Z-shm"));
        QCOMPARE(names.failed(QStringLiteral("db")), QStringLiteral("/var/lib/aegis/aegis.db.failed-restore-20231114T221320Z"));
        QCOMPARE(names.temporary(), QStringLiteral("/var/lib/aegis/.aegis.db.restore-20231114T221320Z.partial"));
        QCOMPARE(RestoreFileNames::journal(QStringLiteral("/d/a.db")), QStringLiteral("/d/a.db.restore-journal.json"));
    }

    // New names and the unix-time names of earlier versions alike.
    void recognisesSetAsideNames()
    {
        const QString db = QStringLiteral("aegis.db");
        const auto readable = SetAsideFiles::parse(db, QStringLiteral("aegis.db.bad-20261206T031500Z"));
        QVERIFY(readable);
        QCOMPARE(readable->role, QStringLiteral("db"));
        QVERIFY(!readable->oldStyle);
        QCOMPARE(readable->time, QDateTime(QDate(2026, 12, 6), QTime(3, 15), Qt::UTC));
        const auto old = SetAsideFiles::parse(db, QStringLiteral("aegis.db.bad-1700000000-wal"));
        QVERIFY(old);
        QCOMPARE(old->role, QStringLiteral("wal"));
        QVERIFY(old->oldStyle);
        QCOMPARE(old->time, QDateTime::fromSecsSinceEpoch(1700000000, Qt::UTC));
        QCOMPARE(SetAsideFiles::parse(db, QStringLiteral("aegis.db.bad-20261206T031500Z-journal"))->role, QStringLiteral("journal"));
        for (const char *other : {"aegis.db.bad-", "aegis.db.bad-x", "aegis.db.bad-20261306T031500Z", "aegis.db.bad-1700000000.txt",
                                  "aegis.db.bad-1700000000-foo", "other.db.bad-1700000000", "aegis.db.failed-restore-1700000000"})
            QVERIFY2(!SetAsideFiles::parse(db, QString::fromLatin1(other)), other);
        QCOMPARE(RestoreFileNames::stampText(1700000000), QStringLiteral("20231114T221320Z"));
        QCOMPARE(Timestamp::parseCompact(QStringLiteral("20231114T221320Z")).toSecsSinceEpoch(), 1700000000);
    }

    void systemdControl()
    {
        RecordingCommandRunner runner;
        SystemdServiceControl control(runner, QStringLiteral("aegis-gateway.service"));
        QVERIFY(control.stop().ok);
        CommandResult denied;
        denied.started = true;
        denied.exitCode = 4;
        denied.output = QStringLiteral("Failed to start aegis-gateway.service: Access denied");
        runner.answers << denied;
        const ServiceControl::Result result = control.start();
        QVERIFY(!result.ok);
        QVERIFY2(result.detail.contains(QStringLiteral("Access denied")), qPrintable(result.detail));
        QCOMPARE(runner.lines, (QStringList{QStringLiteral("systemctl stop aegis-gateway.service"),
                                            QStringLiteral("systemctl start aegis-gateway.service")}));
        QCOMPARE(SystemdServiceControl(runner, QString()).describe(), QStringLiteral("systemctl stop|start aegis-gateway.service"));
    }

    void commandControl()
    {
        RecordingCommandRunner runner;
        CommandServiceControl control(runner, QStringLiteral("svc down aegis"), QStringLiteral("svc up aegis"));
        QVERIFY(control.stop().ok);
        QVERIFY(control.start().ok);
        QCOMPARE(runner.lines, (QStringList{QStringLiteral("/bin/sh -c svc down aegis"), QStringLiteral("/bin/sh -c svc up aegis")}));
        CommandServiceControl empty(runner, QString(), QStringLiteral("x"));
        QVERIFY(!empty.stop().ok);
    }

    void manualControlTellsTheOperator()
    {
        QStringList told;
        ManualServiceControl control([&told](const QString &text) { told << text; }, QStringLiteral("sv stop aegis"));
        QVERIFY(control.stop().ok);
        QVERIFY(control.start().ok);
        QCOMPARE(told.size(), 2);
        QVERIFY(told.first().contains(QStringLiteral("Stop the gateway")));
        QVERIFY(told.first().contains(QStringLiteral("sv stop aegis")));
        QVERIFY(control.needsOperator());
    }

    void serviceSpecRoundTrip()
    {
        for (ServiceControl::Kind kind : {ServiceControl::Kind::Systemd, ServiceControl::Kind::Command,
                                          ServiceControl::Kind::Managed, ServiceControl::Kind::Manual}) {
            ServiceSpec spec;
            spec.kind = kind;
            spec.unit = QStringLiteral("u.service");
            spec.stopCommand = QStringLiteral("a");
            spec.startCommand = QStringLiteral("b");
            spec.managed.binary = QStringLiteral("/bin/gw");
            QString error;
            const auto back = ServiceSpec::fromJson(spec.toJson(), &error);
            QVERIFY(back);
            QCOMPARE(back->kind, kind);
            QCOMPARE(back->describe(), spec.describe());
        }
        QString error;
        QVERIFY(!ServiceSpec::fromJson(QJsonObject{{QStringLiteral("kind"), QStringLiteral("launchd")}}, &error));
    }

    void schemaVersionOfABinary()
    {
        RecordingCommandRunner runner;
        CommandResult two;
        two.started = true;
        two.exitCode = 0;
        two.output = QStringLiteral("2");
        runner.answers << two;
        QString error;
        QCOMPARE(RestoreCommand::askSchemaVersion(runner, QStringLiteral("/usr/bin/aegis-gateway"), &error), std::optional<int>(2));
        QCOMPARE(runner.lines.first(), QStringLiteral("/usr/bin/aegis-gateway --schema-version"));
        CommandResult missing;
        missing.error = QStringLiteral("no such file");
        runner.answers << missing;
        QVERIFY(!RestoreCommand::askSchemaVersion(runner, QStringLiteral("/nope"), &error));
        QVERIFY(error.contains(QStringLiteral("no such file")));
    }

    void posixRenameAndCopyNeverReplace()
    {
        ScratchDir dir(QStringLiteral("posix"));
        PosixFileOperations files;
        const QString a = dir.filePath(QStringLiteral("a"));
        const QString b = dir.filePath(QStringLiteral("b"));
        QVERIFY(files.writeDurably(a, "alpha", nullptr));
        QVERIFY(files.writeDurably(b, "beta", nullptr));
        QString error;
        QVERIFY(!files.renameNoReplace(a, b, &error));
        QVERIFY(!error.isEmpty());
        QCOMPARE(*files.readAll(b, nullptr), QByteArray("beta"));
        QString sha;
        QVERIFY(!files.copyDurably(a, b, {}, {}, &sha, &error));
        QCOMPARE(*files.readAll(b, nullptr), QByteArray("beta"));
        const QString c = dir.filePath(QStringLiteral("c"));
        QVERIFY(files.copyDurably(a, c, {}, {}, &sha, &error));
        QCOMPARE(sha, Sha256::hex("alpha"));
        QCOMPARE(files.hashFile(c, {}, {}).hex, sha);
        // A cancelled copy leaves nothing.
        const QString d = dir.filePath(QStringLiteral("d"));
        QVERIFY(!files.copyDurably(a, d, {}, [] { return true; }, &sha, &error));
        QVERIFY(!files.exists(d));
        QVERIFY(files.freeBytes(dir.path(), nullptr).value_or(0) > 0);
    }

    void lockProbeSeesAnotherProcess()
    {
        ScratchDir dir(QStringLiteral("lock"));
        PosixFileOperations files;
        const QString db = dir.filePath(QStringLiteral("aegis.db"));
        QCOMPARE(files.probeExclusiveLock(db).state, LockProbe::State::Missing);
        QVERIFY(files.probeExclusiveLock(db).isFree());
        QVERIFY(files.writeDurably(db, QByteArray(8192, 'x'), nullptr));
        QCOMPARE(files.probeExclusiveLock(db).state, LockProbe::State::Free);
        const pid_t child = holdLockInChild(db);
        QVERIFY(child > 0);
        const LockProbe held = files.probeExclusiveLock(db);
        QCOMPARE(held.state, LockProbe::State::Held);
        QCOMPARE(held.holderPid, qint64(child));

        // Managed control stops only its own gateway binary, never another process.
        ManagedGateway gateway;
        gateway.binary = QStringLiteral("/bin/true");
        gateway.databasePath = db;
        ManagedServiceControl managed(gateway, files);
        const ServiceControl::Result refused = managed.stop();
        QVERIFY(!refused.ok);
        QVERIFY2(refused.detail.contains(QString::number(child)), qPrintable(refused.detail));
        QCOMPARE(::kill(child, 0), 0); // still alive
        stopChild(child);
        QCOMPARE(files.probeExclusiveLock(db).state, LockProbe::State::Free);
        QVERIFY(managed.stop().ok); // nothing holds it: nothing to stop
    }

    void probeSeesNothingListening()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const quint16 port = server.serverPort();
        server.close();
        GatewayEndpoint endpoint;
        endpoint.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        endpoint.token = "secret-token-never-shown";
        HttpGatewayProbe probe(endpoint);
        const ProbeReply reply = probe.get(QStringLiteral("/health"), 2000);
        QCOMPARE(reply.transport, ProbeReply::Transport::Refused);
        QVERIFY(!reply.describe().contains(QStringLiteral("secret")));
        QCOMPARE(probe.describe(), endpoint.baseUrl.toString());
    }

    void dataLossCountsDivergence()
    {
        ScratchDir dir(QStringLiteral("loss"));
        RestoreFixture fixture(dir.path());
        QString error;
        QVERIFY2(fixture.build(&error), qPrintable(error));
        const auto backup = DatabaseInspector::inspectFile(fixture.backup, DatabaseInspector::Check::None, &error);
        QVERIFY(backup);
        DataLoss loss = DataLoss::measure(fixture.database, *backup);
        QVERIFY(loss.known);
        QCOMPARE(loss.receipts, 6);
        QVERIFY(loss.divergedTenants.isEmpty());
        QVERIFY(SqliteShell::exec(fixture.database, QStringLiteral("UPDATE receipts SET receipt_hash = '%1' WHERE tenant_id = 'acme' AND seq = 3")
                                                        .arg(QString(64, QLatin1Char('f')))));
        loss = DataLoss::measure(fixture.database, *backup);
        QCOMPARE(loss.divergedTenants, QStringList{QStringLiteral("acme")});
        QCOMPARE(loss.receiptsByTenant.at(QStringLiteral("acme")), 5); // without the backup file: its whole live chain
        loss = DataLoss::measure(fixture.database, *backup, fixture.backup);
        QCOMPARE(loss.receiptsByTenant.at(QStringLiteral("acme")), 3); // with it: from where the chains part
        QVERIFY(loss.describe().contains(QStringLiteral("not a continuation")));
        QVERIFY(DataLoss::measure(dir.filePath(QStringLiteral("none.db")), *backup).isNone());
    }

    void spotCheckVerdicts()
    {
        QCOMPARE(SpotCheck::verdict(5, 5), QStringLiteral("match"));
        QCOMPARE(SpotCheck::verdict(7, 5), QStringLiteral("extends by 2"));
        QCOMPARE(SpotCheck::verdict(4, 5), QStringLiteral("short by 1"));
    }
};

QTEST_GUILESS_MAIN(RestorePiecesTest)
#include "RestorePiecesTest.moc"
