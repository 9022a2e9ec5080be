// A gateway killed between the steps of a backup, at the crash points of
// common/util/CrashPoint.h, and what the next start makes of it. A kill
// between the data file's rename and the manifest's used to leave a catalog
// entry without a manifest that verified "restorable" and kept its name
// taken, and a manifest temporary file that no start removed.
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"

#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include <csignal>

using namespace aegis::test;

namespace {

QByteArray filenameBody(const QString &name)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("filename"), name}}).toJson(QJsonDocument::Compact);
}

QStringList namesIn(const QJsonArray &catalog)
{
    QStringList names;
    for (const QJsonValue &entry : catalog)
        names.append(entry.toObject().value(QStringLiteral("name")).toString());
    return names;
}

} // namespace

class BackupCrashTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDir> dir;
    std::unique_ptr<GatewayProcess> gateway;

    QString backups() const { return dir->filePath(QStringLiteral("backups")); }
    QStringList filesInBackups() const
    {
        return QDir(backups()).entryList(QDir::Files | QDir::Hidden | QDir::System, QDir::Name);
    }

    // Asks for a backup with the gateway set to die at `point`; the request
    // gets no answer and the gateway is gone.
    void backupKilledAt(const QString &point, const QString &name)
    {
        gateway->setEnv(QStringLiteral("AEGIS_TEST_CRASH_AT"), point);
        QVERIFY2(gateway->start(), qPrintable(gateway->lastError()));
        const auto answer = gateway->adminClient().post(QStringLiteral("/v1/admin/backup"), filenameBody(name));
        QCOMPARE(answer.status, 0); // no answer: the gateway died first
        QElapsedTimer clock;
        clock.start();
        QCOMPARE(gateway->waitForExit(20000), -1); // killed by a signal
        QVERIFY2(clock.elapsed() < 20000, "the gateway did not die at the crash point");
        gateway->environment().remove(QStringLiteral("AEGIS_TEST_CRASH_AT"));
    }

private Q_SLOTS:
    void init()
    {
        dir = std::make_unique<ScratchDir>(QString::fromLatin1(QTest::currentTestFunction()));
        gateway = std::make_unique<GatewayProcess>(dir->path());
    }

    void killAfterTheManifestLeavesNoBackupAndTheNameFree()
    {
        backupKilledAt(QStringLiteral("backup-manifest-written"), QStringLiteral("torn.db"));
        if (QTest::currentTestFailed())
            return;
        // No file under the backup's final name: the catalog cannot list it.
        QVERIFY2(!QFileInfo::exists(QDir(backups()).filePath(QStringLiteral("torn.db"))),
                 qPrintable(filesInBackups().join(QLatin1Char(' '))));

        QVERIFY2(gateway->start(), qPrintable(gateway->lastError()));
        const auto admin = gateway->adminClient();
        QVERIFY(filesInBackups().isEmpty());
        QVERIFY(gateway->output().contains(QStringLiteral("torn.db.manifest.json")));
        QVERIFY(!namesIn(admin.get(QStringLiteral("/v1/admin/backups")).jsonArray()).contains(QStringLiteral("torn.db")));
        QCOMPARE(admin.get(QStringLiteral("/v1/admin/backups/torn.db")).status, 404);

        // The name is free again, and the backup taken under it is whole.
        QCOMPARE(admin.post(QStringLiteral("/v1/admin/backup"), filenameBody(QStringLiteral("torn.db"))).status, 200);
        QCOMPARE(admin.get(QStringLiteral("/v1/admin/backups/torn.db")).json().value(QStringLiteral("has_manifest")).toBool(), true);
        QCOMPARE(filesInBackups(), (QStringList{QStringLiteral("torn.db"), QStringLiteral("torn.db.manifest.json")}));
        QCOMPARE(gateway->stop(SIGTERM), 0);
    }

    void killAfterTheFileLeavesAWholeBackup()
    {
        backupKilledAt(QStringLiteral("backup-file-renamed"), QStringLiteral("whole.db"));
        if (QTest::currentTestFailed())
            return;

        QVERIFY2(gateway->start(), qPrintable(gateway->lastError()));
        const auto admin = gateway->adminClient();
        const QJsonObject entry = admin.get(QStringLiteral("/v1/admin/backups/whole.db")).json();
        QCOMPARE(entry.value(QStringLiteral("has_manifest")).toBool(), true);
        const QJsonObject verified = admin.post(QStringLiteral("/v1/admin/backups/whole.db/verify"), "").json();
        QCOMPARE(verified.value(QStringLiteral("restorable")).toBool(), true);
        QCOMPARE(verified.value(QStringLiteral("checks")).toObject().value(QStringLiteral("sha256")).toString(),
                 QStringLiteral("ok"));
        QCOMPARE(filesInBackups(), (QStringList{QStringLiteral("whole.db"), QStringLiteral("whole.db.manifest.json")}));
        QCOMPARE(gateway->stop(SIGTERM), 0);
    }

    // What a crash of any version could have left: a manifest's temporary
    // file, a copy in progress, a manifest without its backup (a crash
    // while writing or deleting one). The next start removes all of it and
    // keeps the whole backup.
    void startRemovesEveryLeftover()
    {
        QVERIFY2(gateway->start(), qPrintable(gateway->lastError()));
        QCOMPARE(gateway->adminClient().post(QStringLiteral("/v1/admin/backup"), filenameBody(QStringLiteral("kept.db"))).status, 200);
        QCOMPARE(gateway->stop(SIGTERM), 0);
        const QDir dirOf(backups());
        QFile manifest(dirOf.filePath(QStringLiteral("kept.db.manifest.json")));
        QVERIFY(manifest.open(QIODevice::ReadOnly));
        const QByteArray manifestBytes = manifest.readAll();
        const QStringList leftovers{QStringLiteral(".torn.db.manifest.json.4242.tmp"), QStringLiteral(".torn.db.partial"),
                                    QStringLiteral(".torn.db.partial-journal"), QStringLiteral("orphan.db.manifest.json")};
        for (const QString &leftover : leftovers) {
            QFile file(dirOf.filePath(leftover));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(manifestBytes);
        }

        QVERIFY2(gateway->start(), qPrintable(gateway->lastError()));
        QCOMPARE(filesInBackups(), (QStringList{QStringLiteral("kept.db"), QStringLiteral("kept.db.manifest.json")}));
        for (const QString &leftover : leftovers)
            QVERIFY2(gateway->output().contains(QStringLiteral("removed ") + leftover), qPrintable(leftover));
        const auto admin = gateway->adminClient();
        QCOMPARE(admin.post(QStringLiteral("/v1/admin/backup"), filenameBody(QStringLiteral("orphan.db"))).status, 200);
        QCOMPARE(admin.get(QStringLiteral("/v1/admin/backups/kept.db")).json().value(QStringLiteral("has_manifest")).toBool(), true);
        QCOMPARE(gateway->stop(SIGTERM), 0);
    }
};

QTEST_GUILESS_MAIN(BackupCrashTest)
#include "BackupCrashTest.moc"
