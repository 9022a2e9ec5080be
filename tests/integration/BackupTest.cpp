// Online backups against the real gateway: the runbook's own command,
// hostile names, races, load, a long backup, a full disk, a kill -9, the
// catalog, retention, and a restore by the runbook's hand procedure.
#include "common/backup/BackupManifest.h"
#include "common/crypto/Sha256.h"
#include "common/restore/PosixFileOperations.h"
#include "common/restore/SetAsideFiles.h"
#include "common/restore/RestoreWording.h"
#include "common/util/FileSync.h"
#include "common/util/Timestamp.h"

#include "tests/support/GatewayApi.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"
#include "tests/support/SqliteShell.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QStandardPaths>
#include <QtConcurrent>
#include <QtTest>

#include <atomic>
#include <csignal>
#include <sys/mount.h>

using namespace aegis;
using namespace aegis::test;

namespace {

const QByteArray RunbookBody = R"({"filename": "pre-migration-2026-06-17.db"})";

QStringList filesUnder(const QString &root)
{
    QStringList files;
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    files.sort();
    return files;
}

// Grows the gateway's database by `megabytes` of incompressible rows, so a
// backup takes long enough to watch.
bool addBallast(const QString &database, int megabytes)
{
    return SqliteShell::exec(database, QStringLiteral("CREATE TABLE IF NOT EXISTS ballast (b BLOB)"))
        && SqliteShell::exec(database, QStringLiteral("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
                                                      "WHERE x < %1) INSERT INTO ballast SELECT randomblob(1048576) FROM n")
                                           .arg(megabytes));
}

QByteArray filenameBody(const QString &name)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("filename"), name}}).toJson(QJsonDocument::Compact);
}

} // namespace

class BackupTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDir> dir;
    std::unique_ptr<GatewayProcess> gateway;
    std::unique_ptr<GatewayApi> api;

    QString backups() const { return dir->filePath(QStringLiteral("backups")); }

    void startWithData()
    {
        QVERIFY2(gateway->start(), qPrintable(gateway->lastError()));
        api = std::make_unique<GatewayApi>(gateway->adminClient());
    }

private Q_SLOTS:
    void init()
    {
        dir = std::make_unique<ScratchDir>(QString::fromLatin1(QTest::currentTestFunction()));
        gateway = std::make_unique<GatewayProcess>(dir->path());
    }

    void cleanup()
    {
        // Not only a gateway still running: one that exited by itself during
        // the test (a crash after its last answer) fails it too. A test's own
        // kill() is the one exemption.
        if (gateway && gateway->hasRun() && !gateway->wasKilled())
            QCOMPARE(gateway->stop(SIGTERM), 0);
    }

    void runbookCommandWorksAsWritten()
    {
        startWithData();
        const QByteArray token = gateway->adminToken();
        const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
        QByteArray answer;
        if (!curl.isEmpty()) {
            // The runbook's command, with this gateway's port.
            QProcess process;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("ADMIN_TOKEN"), QString::fromLatin1(token));
            process.setProcessEnvironment(env);
            process.start(QStringLiteral("/bin/sh"),
                          {QStringLiteral("-c"),
                           QStringLiteral("curl -s -X POST -H \"Authorization: Bearer $ADMIN_TOKEN\" "
                                          "\"http://127.0.0.1:%1/v1/admin/backup\" "
                                          "-d '{\"filename\": \"pre-migration-2026-06-17.db\"}'")
                               .arg(gateway->port())});
            QVERIFY(process.waitForFinished(60000));
            answer = process.readAllStandardOutput();
        } else {
            answer = gateway->client()
                         .post(QStringLiteral("/v1/admin/backup"), RunbookBody,
                               {{"Authorization", "Bearer " + token},
                                {"Content-Type", "application/x-www-form-urlencoded"}})
                         .body;
        }
        const QJsonObject json = QJsonDocument::fromJson(answer).object();
        QCOMPARE(json.value(QStringLiteral("path")).toString(), QStringLiteral("backups/pre-migration-2026-06-17.db"));
        QVERIFY(json.value(QStringLiteral("size_bytes")).toInteger() > 0);
        QCOMPARE(json.value(QStringLiteral("manifest")).toString(),
                 QStringLiteral("backups/pre-migration-2026-06-17.db.manifest.json"));
        const QFileInfo file(dir->filePath(QStringLiteral("backups/pre-migration-2026-06-17.db")));
        QVERIFY(file.exists());
        QCOMPARE(file.size(), json.value(QStringLiteral("size_bytes")).toInteger());
        QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());
        QCOMPARE(QFileInfo(backups()).permissions() & (QFileDevice::ReadGroup | QFileDevice::ExeOther),
                 QFileDevice::Permissions());

        // Again: the name exists.
        const auto again = gateway->adminClient().post(QStringLiteral("/v1/admin/backup"), RunbookBody);
        QCOMPARE(again.status, 409);
        QCOMPARE(again.json().value(QStringLiteral("error")).toString(), QStringLiteral("conflict"));

        // No name: one is chosen.
        const auto generated = gateway->adminClient().post(QStringLiteral("/v1/admin/backup"), "");
        QCOMPARE(generated.status, 200);
        QVERIFY(QRegularExpression(QStringLiteral(R"(^backups/aegis-\d{8}T\d{6}Z\.db$)"))
                    .match(generated.json().value(QStringLiteral("path")).toString())
                    .hasMatch());
        QCOMPARE(gateway->client().post(QStringLiteral("/v1/admin/backup"), RunbookBody).status, 401);
    }

    void hostileNamesAreRefusedAndCreateNothing()
    {
        startWithData();
        const QStringList before = filesUnder(dir->path());
        const QList<QString> names = {
            QStringLiteral("../x"), QStringLiteral(".."), QStringLiteral("."), QStringLiteral("/etc/passwd"),
            QStringLiteral("a/b"), QStringLiteral("a\\b"), QStringLiteral("%2e%2e%2f"), QStringLiteral("x\u0000y"),
            QStringLiteral("x\ny"), QStringLiteral("x\ty"), QStringLiteral("x\u001fy"), QStringLiteral("x\u007fy"),
            QString(300, QLatin1Char('a')), QString(256, QLatin1Char('b')), QStringLiteral(".hidden"),
            QStringLiteral("x.partial"), QStringLiteral("x.db.manifest.json"), QStringLiteral("a\u2215b"),
            QStringLiteral("a\u2044b"), QStringLiteral("a\uff0fb"), QStringLiteral("a\uff3cb"),
            QStringLiteral("x.db "), QStringLiteral(" x.db"), QString(), QStringLiteral("..\\..\\x"),
            QStringLiteral("a/../b"), QStringLiteral("....//"), QStringLiteral("x..y"), QStringLiteral("/"),
            QStringLiteral("~/x"), QStringLiteral("$HOME"), QStringLiteral("x;id"), QStringLiteral("x|id"),
            QStringLiteral("`id`"), QStringLiteral("x*"), QStringLiteral("x?"), QStringLiteral("x:y"),
            QStringLiteral("x\"y"), QStringLiteral("x'y"), QStringLiteral("<x>"), QStringLiteral("x\u200b"),
            QStringLiteral("x\u00a0"), QStringLiteral("Zürich.db"), QStringLiteral("-rf"), QStringLiteral(".x.db.partial"),
            QStringLiteral("x\r"), QStringLiteral("\u2025"), QStringLiteral("a\u29f8b"), QStringLiteral("%00"),
            QStringLiteral("..%2fx"), QStringLiteral("x\\"), QStringLiteral("C:\\x"),
        };
        QVERIFY(names.size() >= 50);
        for (const QString &name : names) {
            const auto response = gateway->adminClient().post(QStringLiteral("/v1/admin/backup"), filenameBody(name));
            QVERIFY2(response.status == 400, qPrintable(QStringLiteral("%1 -> %2").arg(QString::fromLatin1(name.toUtf8().toPercentEncoding())).arg(response.status)));
            QVERIFY(response.json().value(QStringLiteral("message")).toString().startsWith(QStringLiteral("invalid backup name: ")));
        }
        // Not a string at all.
        QCOMPARE(gateway->adminClient().post(QStringLiteral("/v1/admin/backup"), R"({"filename": 42})").status, 400);
        QCOMPARE(filesUnder(dir->path()), before);
        // Names in the URL get the same rules.
        QCOMPARE(gateway->adminClient().get(QStringLiteral("/v1/admin/backups/..%2Fetc%2Fpasswd")).status, 400);
        QCOMPARE(gateway->adminClient().get(QStringLiteral("/v1/admin/backups/.hidden/file")).status, 400);
    }

    void concurrentRequestsForOneNameMakeOneBackup()
    {
        startWithData();
        const auto client = gateway->adminClient();
        QList<QFuture<int>> requests;
        for (int i = 0; i < 8; ++i)
            requests.append(QtConcurrent::run([client] {
                return client.post(QStringLiteral("/v1/admin/backup"), filenameBody(QStringLiteral("race.db"))).status;
            }));
        QList<int> statuses;
        for (auto &request : requests)
            statuses.append(request.result());
        QCOMPARE(statuses.count(200), 1);
        QCOMPARE(statuses.count(409), 7);
        QCOMPARE(QDir(backups()).entryList(QDir::Files | QDir::Hidden),
                 (QStringList{QStringLiteral("race.db"), QStringLiteral("race.db.manifest.json")}));
    }

    void backupUnderLoadHoldsAConsistentPrefixOfEveryChain()
    {
        startWithData();
        QList<QByteArray> agents;
        for (int t = 0; t < 3; ++t) {
            const QString tenant = QStringLiteral("load-%1").arg(t);
            QVERIFY(api->createTenant(tenant));
            for (int a = 0; a < 2; ++a)
                agents.append(api->registerAgent(QStringLiteral("agent-%1").arg(a), tenant));
        }
        std::atomic<bool> stop{false};
        std::atomic<int> written{0};
        QList<QFuture<void>> writers;
        for (const QByteArray &token : agents) {
            writers.append(QtConcurrent::run([&, token] {
                const GatewayApi agentApi(gateway->adminClient());
                while (!stop.load()) {
                    if (agentApi.asAgent(token).post(QStringLiteral("/v1/authorize"),
                                                     GatewayApi::authorizeBody(QStringLiteral("t"), QStringLiteral("a"), true))
                            .status == 200)
                        ++written;
                }
            }));
        }
        QTRY_VERIFY_WITH_TIMEOUT(written.load() > 60, 30000);
        const auto backup = gateway->adminClient().post(QStringLiteral("/v1/admin/backup"), filenameBody(QStringLiteral("under-load.db")));
        QTRY_VERIFY_WITH_TIMEOUT(written.load() > 120, 30000);
        stop.store(true);
        for (auto &writer : writers)
            writer.waitForFinished();
        QCOMPARE(backup.status, 200);

        const QString file = dir->filePath(QStringLiteral("backups/under-load.db"));
        QString error;
        const auto manifest = BackupManifest::load(file + QStringLiteral(".manifest.json"), &error);
        QVERIFY2(manifest, qPrintable(error));
        QCOMPARE(Sha256::hashFile(file).hex, manifest->sha256);
        QCOMPARE(manifest->quickCheck, QStringLiteral("ok"));
        QCOMPARE(SqliteShell::scalar(file, QStringLiteral("PRAGMA integrity_check")).toString(), QStringLiteral("ok"));
        QVERIFY(manifest->receipts > 0);
        QVERIFY(manifest->receipts < qint64(written.load()) + 10);
        QCOMPARE(manifest->decisions, manifest->receipts);

        // Every chain in the copy verifies and ends exactly at its manifest head.
        QProcess cli;
        cli.start(QStringLiteral(AEGIS_VERIFY_RECEIPTS_BINARY),
                  {QStringLiteral("--db"), file, QStringLiteral("--manifest"), file + QStringLiteral(".manifest.json")});
        QVERIFY(cli.waitForFinished(60000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
        QVERIFY(cli.readAllStandardOutput().startsWith("VERIFIED: "));
        for (const auto &[tenant, head] : manifest->tenants) {
            QCOMPARE(SqliteShell::scalar(file, QStringLiteral("SELECT max(seq) FROM receipts WHERE tenant_id = '%1'").arg(tenant)).toLongLong(),
                     head.seq.value_or(0));
        }

        // The runbook's hand restore of that copy gives a gateway whose
        // chains verify and which serves the backup's point in time.
        QCOMPARE(gateway->stop(SIGTERM), 0);
        const QString live = gateway->databasePath();
        QVERIFY(QFile::rename(live, live + QStringLiteral(".bad-1")));
        QVERIFY(QFile::copy(file, live));
        QVERIFY(gateway->start());
        const auto verified = gateway->adminClient().post(QStringLiteral("/v1/receipts/verify-range"), "");
        QVERIFY2(verified.json().value(QStringLiteral("verified")).toBool(), verified.body.constData());
        QCOMPARE(verified.json().value(QStringLiteral("count")).toInteger(), manifest->receipts);
        const auto summary = gateway->adminClient().get(QStringLiteral("/v1/admin/summary")).json();
        QCOMPARE(summary.value(QStringLiteral("decisions")).toInteger(), manifest->decisions);
    }

    void healthAnswersDuringALongBackup()
    {
        QVERIFY(gateway->start());
        QCOMPARE(gateway->stop(SIGTERM), 0);
        QVERIFY(addBallast(gateway->databasePath(), 96));
        startWithData();

        auto client = gateway->adminClient();
        // A quarter gigabyte copied, checked and hashed: slow on a loaded machine.
        client.setTimeoutMs(300000);
        auto backup = QtConcurrent::run([client] {
            return client.post(QStringLiteral("/v1/admin/backup"), filenameBody(QStringLiteral("big.db"))).status;
        });
        int answeredDuringBackup = 0;
        const auto agent = api->asAgent(api->registerAgent(QStringLiteral("during-backup")));
        int authorizedDuringBackup = 0;
        while (!backup.isFinished()) {
            if (gateway->client().get(QStringLiteral("/health")).status == 200 && !backup.isFinished())
                ++answeredDuringBackup;
            if (agent.post(QStringLiteral("/v1/authorize"), GatewayApi::authorizeBody(QStringLiteral("t"), QStringLiteral("a"), false)).status == 200
                && !backup.isFinished())
                ++authorizedDuringBackup;
        }
        QCOMPARE(backup.result(), 200);
        qInfo("answered /health %d times and committed %d authorizations while the backup ran", answeredDuringBackup,
              authorizedDuringBackup);
        QVERIFY2(answeredDuringBackup >= 3, "the HTTP thread must not wait for VACUUM INTO");
        QVERIFY2(authorizedDuringBackup >= 3, "writes must keep committing during a backup");
    }

    void fullDiskIs507AndLeavesNothing()
    {
        QVERIFY(gateway->start());
        QCOMPARE(gateway->stop(SIGTERM), 0);
        QVERIFY(addBallast(gateway->databasePath(), 4));
        const QString small = dir->filePath(QStringLiteral("small"));
        QVERIFY(QDir().mkpath(small));
        // A small file system of its own, or where mounting is not allowed,
        // a file-size limit on the gateway: either way writes fail for lack
        // of room.
        const bool mounted = ::mount("tmpfs", QFile::encodeName(small).constData(), "tmpfs", 0, "size=1m,mode=0700") == 0;
        gateway->setEnv(QStringLiteral("AEGIS_BACKUP_DIR"), small);
        if (!mounted) {
            qInfo("cannot mount a tmpfs here (%s); using a file-size limit instead", std::strerror(errno));
            gateway->setFileSizeLimit(2 * 1024 * 1024);
        }
        startWithData();
        const auto response = gateway->adminClient().post(QStringLiteral("/v1/admin/backup"), filenameBody(QStringLiteral("no-room.db")));
        const QStringList left = QDir(small).entryList(QDir::Files | QDir::Hidden);
        gateway->kill();
        if (mounted)
            ::umount(QFile::encodeName(small).constData());
        QCOMPARE(response.status, 507);
        QCOMPARE(response.json().value(QStringLiteral("error")).toString(), QStringLiteral("insufficient_storage"));
        QVERIFY(left.isEmpty());
    }

    void killDuringBackupLeavesNoFileUnderTheFinalName()
    {
        QVERIFY(gateway->start());
        QCOMPARE(gateway->stop(SIGTERM), 0);
        QVERIFY(addBallast(gateway->databasePath(), 250));
        startWithData();
        const auto client = gateway->adminClient();
        auto backup = QtConcurrent::run([client] {
            return client.post(QStringLiteral("/v1/admin/backup"), filenameBody(QStringLiteral("killed.db"))).status;
        });
        // Wait until the copy is being written, then kill the gateway.
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(dir->filePath(QStringLiteral("backups/.killed.db.partial"))), 20000);
        ::kill(pid_t(gateway->pid()), SIGKILL);
        backup.waitForFinished();
        gateway->kill();
        QVERIFY(!QFileInfo::exists(dir->filePath(QStringLiteral("backups/killed.db"))));
        QVERIFY(!QFileInfo::exists(dir->filePath(QStringLiteral("backups/killed.db.manifest.json"))));

        // The next start clears what the crash left.
        QVERIFY(gateway->start());
        QVERIFY(QDir(backups()).entryList(QDir::Files | QDir::Hidden).isEmpty());
        QVERIFY(gateway->output().contains(QStringLiteral(".killed.db.partial")));
        QCOMPARE(gateway->adminClient().post(QStringLiteral("/v1/admin/backup"), filenameBody(QStringLiteral("killed.db"))).status, 200);
    }

    void catalogDownloadVerifyDelete()
    {
        startWithData();
        const QByteArray agent = api->registerAgent(QStringLiteral("catalog"));
        for (int i = 0; i < 5; ++i)
            QCOMPARE(api->authorize(agent, QStringLiteral("t"), QStringLiteral("a%1").arg(i)).status, 200);
        const auto admin = gateway->adminClient();
        QCOMPARE(admin.post(QStringLiteral("/v1/admin/backup"), filenameBody(QStringLiteral("first.db"))).status, 200);
        QCOMPARE(admin.post(QStringLiteral("/v1/admin/backup"), filenameBody(QStringLiteral("second.db"))).status, 200);
        // A file put there by hand.
        QVERIFY(QFile::copy(dir->filePath(QStringLiteral("backups/first.db")), dir->filePath(QStringLiteral("backups/by-hand.db"))));

        const QJsonArray list = admin.get(QStringLiteral("/v1/admin/backups")).jsonArray();
        QCOMPARE(list.size(), 3);
        QStringList names;
        for (const QJsonValue &entry : list)
            names.append(entry.toObject().value(QStringLiteral("name")).toString());
        QCOMPARE(names.indexOf(QStringLiteral("second.db")) < names.indexOf(QStringLiteral("first.db")), true);
        const QJsonObject byHand = list.at(names.indexOf(QStringLiteral("by-hand.db"))).toObject();
        QCOMPARE(byHand.value(QStringLiteral("has_manifest")).toBool(), false);
        QVERIFY(byHand.value(QStringLiteral("sha256")).isNull());
        const QJsonObject second = admin.get(QStringLiteral("/v1/admin/backups/second.db")).json();
        QCOMPARE(second.value(QStringLiteral("has_manifest")).toBool(), true);
        QCOMPARE(second.value(QStringLiteral("tenants")).toObject().value(QStringLiteral("default")).toObject().value(QStringLiteral("count")).toInt(), 5);
        QCOMPARE(admin.get(QStringLiteral("/v1/admin/backups/nope.db")).status, 404);

        const auto download = admin.get(QStringLiteral("/v1/admin/backups/second.db/file"));
        QCOMPARE(download.status, 200);
        QCOMPARE(download.header("content-type"), QByteArray("application/vnd.sqlite3"));
        QCOMPARE(download.header("content-length").toLongLong(), download.body.size());
        QCOMPARE(download.header("digest"), "sha-256=" + Sha256::digest(download.body).toBase64());
        QCOMPARE(Sha256::hex(download.body), second.value(QStringLiteral("sha256")).toString());

        const auto verified = admin.post(QStringLiteral("/v1/admin/backups/second.db/verify"), "");
        QCOMPARE(verified.status, 200);
        QCOMPARE(verified.json().value(QStringLiteral("restorable")).toBool(), true);
        const QJsonObject checks = verified.json().value(QStringLiteral("checks")).toObject();
        QCOMPARE(checks.value(QStringLiteral("sha256")).toString(), QStringLiteral("ok"));
        QCOMPARE(checks.value(QStringLiteral("integrity")).toString(), QStringLiteral("ok"));
        QCOMPARE(checks.value(QStringLiteral("schema")).toString(), QStringLiteral("compatible"));
        QCOMPARE(checks.value(QStringLiteral("chains")).toObject().value(QStringLiteral("verified")).toBool(), true);
        QCOMPARE(admin.get(QStringLiteral("/v1/admin/backups/second.db")).json().value(QStringLiteral("last_verification"))
                     .toObject().value(QStringLiteral("restorable")).toBool(), true);
        QCOMPARE(admin.post(QStringLiteral("/v1/admin/backups/by-hand.db/verify"), "").json().value(QStringLiteral("checks"))
                     .toObject().value(QStringLiteral("sha256")).toString(), QStringLiteral("no_manifest"));

        // Tampered after it was taken: not restorable, and why.
        QVERIFY(SqliteShell::exec(dir->filePath(QStringLiteral("backups/second.db")),
                                  QStringLiteral("UPDATE receipts SET decision = 'deny' WHERE seq = 2")));
        const auto tampered = admin.post(QStringLiteral("/v1/admin/backups/second.db/verify"), "").json();
        QCOMPARE(tampered.value(QStringLiteral("restorable")).toBool(), false);
        QCOMPARE(tampered.value(QStringLiteral("checks")).toObject().value(QStringLiteral("sha256")).toString(), QStringLiteral("mismatch"));
        QVERIFY(tampered.value(QStringLiteral("reasons")).toArray().size() >= 2);
        QCOMPARE(tampered.value(QStringLiteral("checks")).toObject().value(QStringLiteral("chains")).toObject()
                     .value(QStringLiteral("tenants")).toObject().value(QStringLiteral("default")).toObject()
                     .value(QStringLiteral("first_failure")).toObject().value(QStringLiteral("kind")).toString(),
                 QStringLiteral("hash_mismatch"));

        const auto deleted = admin.send("DELETE", QStringLiteral("/v1/admin/backups/first.db"));
        QCOMPARE(deleted.status, 204);
        QVERIFY(!QFileInfo::exists(dir->filePath(QStringLiteral("backups/first.db"))));
        QVERIFY(!QFileInfo::exists(dir->filePath(QStringLiteral("backups/first.db.manifest.json"))));
        QCOMPARE(admin.send("DELETE", QStringLiteral("/v1/admin/backups/first.db")).status, 404);
    }

    // A restore's old database archived into the backup directory (later,
    // as the console's Restore page does it): the catalog lists it with its
    // manifest and kind pre-restore (and no companion file as an entry),
    // and the summary's newest backup stays the newest real backup although
    // the old database is newer.
    void archivedPreRestoreDatabaseIsListedApartAndNeverNewest()
    {
        startWithData();
        const QByteArray agent = api->registerAgent(QStringLiteral("prerestore"));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(api->authorize(agent, QStringLiteral("t"), QStringLiteral("a%1").arg(i)).status, 200);
        const auto admin = gateway->adminClient();
        QCOMPARE(admin.post(QStringLiteral("/v1/admin/backup"), filenameBody(QStringLiteral("nightly.db"))).status, 200);

        const QString old = dir->filePath(QStringLiteral("old"));
        QVERIFY(QDir().mkpath(old));
        const QString database = old + QStringLiteral("/aegisagent.db");
        const QString stamp = Timestamp::compact(QDateTime::currentDateTimeUtc().addSecs(3600));
        QVERIFY(QFile::copy(dir->filePath(QStringLiteral("backups/nightly.db")), database + QStringLiteral(".bad-") + stamp));
        const QList<SetAsideFiles::Set> sets = SetAsideFiles::find(database);
        QCOMPARE(sets.size(), 1);
        PosixFileOperations files;
        const BadFilesDisposal::Result archived = SetAsideFiles::dispose(files, database, sets.first(), BadFilesDisposition::Archive, backups());
        QVERIFY2(archived.ok, qPrintable(RestoreWording::finding(archived.finding)));
        const QString name = QStringLiteral("aegisagent.pre-restore-%1.db").arg(stamp);
        // A database's companion beside it is part of it, not an entry.
        QVERIFY(FileSync::writeFile(dir->filePath(QStringLiteral("backups/nightly.db-shm")), QByteArray(), 0600, false, nullptr));

        const QJsonArray list = admin.get(QStringLiteral("/v1/admin/backups")).jsonArray();
        QStringList names;
        for (const QJsonValue &entry : list)
            names.append(entry.toObject().value(QStringLiteral("name")).toString());
        QCOMPARE(names, (QStringList{name, QStringLiteral("nightly.db")})); // newest first; no -shm entry
        const QJsonObject entry = list.at(0).toObject();
        QCOMPARE(entry.value(QStringLiteral("kind")).toString(), QStringLiteral("pre-restore"));
        QCOMPARE(entry.value(QStringLiteral("has_manifest")).toBool(), true);
        QCOMPARE(entry.value(QStringLiteral("automatic")).toBool(), false);
        QCOMPARE(entry.value(QStringLiteral("sha256")).toString(), Sha256::hashFile(dir->filePath(QStringLiteral("backups/") + name), {}, {}).hex);
        QCOMPARE(entry.value(QStringLiteral("tenants")).toObject().value(QStringLiteral("default")).toObject()
                     .value(QStringLiteral("count")).toInt(), 3);
        QCOMPARE(list.at(1).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("manual"));

        const QJsonObject summary = admin.get(QStringLiteral("/v1/admin/summary")).json();
        QCOMPARE(summary.value(QStringLiteral("last_backup")).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("nightly.db"));

        // Its manifest is the real thing: the gateway verifies the file against it.
        const auto verified = admin.post(QStringLiteral("/v1/admin/backups/%1/verify").arg(name), "").json();
        QCOMPARE(verified.value(QStringLiteral("checks")).toObject().value(QStringLiteral("sha256")).toString(), QStringLiteral("ok"));
        QCOMPARE(verified.value(QStringLiteral("restorable")).toBool(), true);
    }

    // The scheduler's rounds, retention and skipping are driven with a fake
    // clock in tests/unit/gateway/BackupSchedulerTest; here only that the
    // settings reach it: backups on the interval, and only the newest kept.
    void automaticBackupsFollowTheConfiguredIntervalAndKeep()
    {
        gateway->setEnv(QStringLiteral("AEGIS_BACKUP_INTERVAL"), QStringLiteral("1s"));
        gateway->setEnv(QStringLiteral("AEGIS_BACKUP_KEEP"), QStringLiteral("1"));
        startWithData();
        QCOMPARE(gateway->adminClient().post(QStringLiteral("/v1/admin/backup"), filenameBody(QStringLiteral("manual.db"))).status, 200);
        auto automatic = [&] {
            return QDir(backups()).entryList({QStringLiteral("aegis-auto-*.db")}, QDir::Files);
        };
        QTRY_COMPARE_WITH_TIMEOUT(automatic().size(), 1, 30000);
        const QStringList first = automatic();

        const QByteArray agent = api->registerAgent(QStringLiteral("ticker"));
        QCOMPARE(api->authorize(agent, QStringLiteral("t"), QStringLiteral("a")).status, 200);
        QTRY_VERIFY_WITH_TIMEOUT(automatic().size() == 1 && automatic() != first, 30000);
        QVERIFY(QFileInfo::exists(dir->filePath(QStringLiteral("backups/manual.db"))));
    }
};

QTEST_GUILESS_MAIN(BackupTest)
#include "BackupTest.moc"
