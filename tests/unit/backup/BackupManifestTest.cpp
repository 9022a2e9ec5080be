#include "common/backup/BackupKind.h"
#include "common/backup/BackupManifest.h"
#include "common/backup/CatalogManifest.h"
#include "common/db/DatabaseInspector.h"
#include "common/util/FileSync.h"

#include "tests/support/ReceiptChainBuilder.h"
#include "tests/support/ScratchDir.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <sys/stat.h>

using namespace aegis;

class BackupManifestTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void roundTrip()
    {
        BackupManifest manifest;
        manifest.name = QStringLiteral("x.db");
        manifest.sha256 = QString(64, QLatin1Char('a'));
        manifest.sizeBytes = 4096;
        manifest.createdAt = QStringLiteral("2026-11-26T09:30:00.000Z");
        manifest.gatewayVersion = QStringLiteral("0.1.0");
        manifest.schemaVersion = 2;
        manifest.quickCheck = QStringLiteral("ok");
        manifest.automatic = true;
        manifest.decisions = 5;
        manifest.receipts = 5;
        ExpectedHead head;
        head.count = 5;
        head.seq = 5;
        head.receiptHash = QString(64, QLatin1Char('b'));
        head.receiptId = QStringLiteral("r5");
        manifest.tenants.emplace(QStringLiteral("default"), head);
        manifest.tenants.emplace(QStringLiteral("empty"), ExpectedHead{});

        QString error;
        const auto back = BackupManifest::fromBytes(manifest.toBytes(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->toJson(), manifest.toJson());
        QCOMPARE(back->tenants, manifest.tenants);
    }

    // A pre-restore database's manifest says so; manifests written before
    // the field are automatic or manual as `automatic` says; a kind this
    // version does not know is refused rather than taken for a backup.
    void kindIsWrittenAndReadBack()
    {
        BackupManifest manifest;
        manifest.name = QStringLiteral("aegis.pre-restore-20261206T031500Z.db");
        manifest.sha256 = QString(64, QLatin1Char('c'));
        manifest.kind = BackupKind::PreRestore;
        QCOMPARE(manifest.toJson().value(QStringLiteral("kind")).toString(), QStringLiteral("pre-restore"));
        QString error;
        const auto back = BackupManifest::fromBytes(manifest.toBytes(), &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->kind, BackupKind::PreRestore);

        QJsonObject older = manifest.toJson();
        older.remove(QStringLiteral("kind"));
        older.insert(QStringLiteral("automatic"), true);
        QCOMPARE(BackupManifest::fromBytes(QJsonDocument(older).toJson(), &error)->kind, BackupKind::Automatic);
        older.insert(QStringLiteral("automatic"), false);
        QCOMPARE(BackupManifest::fromBytes(QJsonDocument(older).toJson(), &error)->kind, BackupKind::Manual);
        older.insert(QStringLiteral("kind"), QStringLiteral("snapshot"));
        QVERIFY(!BackupManifest::fromBytes(QJsonDocument(older).toJson(), &error));
        QVERIFY2(error.contains(QStringLiteral("snapshot")), qPrintable(error));

        // A copy downloaded from the catalog keeps the kind the gateway listed.
        QJsonObject entry = manifest.toJson();
        entry.insert(QStringLiteral("has_manifest"), true);
        const auto rebuilt = CatalogManifest::fromEntry(entry, &error);
        QVERIFY2(rebuilt, qPrintable(error));
        QCOMPARE(rebuilt->kind, BackupKind::PreRestore);
    }

    // The newest backup of a catalog (newest first) is never an old
    // database a restore set aside, whatever its time; an older gateway's
    // entries (no `kind`) are told apart by name.
    void newestBackupSkipsPreRestoreDatabases()
    {
        const QJsonArray catalog{
            QJsonObject{{QStringLiteral("name"), QStringLiteral("aegis.pre-restore-20261206T031500Z.db")},
                        {QStringLiteral("kind"), QStringLiteral("pre-restore")}},
            QJsonObject{{QStringLiteral("name"), QStringLiteral("aegis.pre-restore-20261205T031500Z.db")}},
            QJsonObject{{QStringLiteral("name"), QStringLiteral("aegis-auto-20261204T000000Z.db")},
                        {QStringLiteral("automatic"), true}},
            QJsonObject{{QStringLiteral("name"), QStringLiteral("nightly.db")}, {QStringLiteral("kind"), QStringLiteral("manual")}},
        };
        QCOMPARE(BackupKinds::ofCatalogEntry(catalog.at(1).toObject()), BackupKind::PreRestore);
        QCOMPARE(BackupKinds::ofCatalogEntry(catalog.at(2).toObject()), BackupKind::Automatic);
        QCOMPARE(BackupKinds::ofCatalogEntry(catalog.at(3).toObject()), BackupKind::Manual);
        QCOMPARE(BackupKinds::newestBackup(catalog).value(QStringLiteral("name")).toString(),
                 QStringLiteral("aegis-auto-20261204T000000Z.db"));
        QVERIFY(BackupKinds::newestBackup(QJsonArray{catalog.at(0), catalog.at(1)}).isEmpty());
    }

    void refusesWhatIsNotAManifest()
    {
        QString error;
        QVERIFY(!BackupManifest::fromBytes("not json", &error));
        QVERIFY(!BackupManifest::fromBytes(R"({"format":"other","tenants":{}})", &error));
        QVERIFY(!BackupManifest::fromBytes(R"({"format":"aegis-backup-manifest-1","tenants":{}})", &error));
        QVERIFY2(error.contains(QStringLiteral("sha256")), qPrintable(error));
    }

    void inspectorReadsCountsAndHeads()
    {
        test::ScratchDir dir(QStringLiteral("inspect"));
        test::ReceiptChainBuilder builder(dir.filePath(QStringLiteral("a.db")));
        QVERIFY2(builder.open(), qPrintable(builder.errorString()));
        QVERIFY(builder.addTenant(QStringLiteral("acme")));
        QVERIFY(builder.addTenant(QStringLiteral("idle")));
        QVERIFY(builder.addReceipts(QStringLiteral("default"), 7));
        QVERIFY(builder.addReceipts(QStringLiteral("acme"), 3));
        const ExpectedHeads expected = builder.heads();
        builder.close();

        const QByteArray before = [&] {
            QFile f(dir.filePath(QStringLiteral("a.db")));
            f.open(QIODevice::ReadOnly);
            return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
        }();
        QString error;
        const auto summary = DatabaseInspector::inspectFile(dir.filePath(QStringLiteral("a.db")),
                                                            DatabaseInspector::Check::Full, &error);
        QVERIFY2(summary, qPrintable(error));
        QCOMPARE(summary->integrity, QStringLiteral("ok"));
        QCOMPARE(summary->receipts, qint64(10));
        QCOMPARE(summary->schemaVersion, 2);
        QCOMPARE(summary->heads.at(QStringLiteral("default")), expected.at(QStringLiteral("default")));
        QCOMPARE(summary->heads.at(QStringLiteral("acme")).count, qint64(3));
        QCOMPARE(summary->heads.at(QStringLiteral("idle")).count, qint64(0));
        QVERIFY(!summary->heads.at(QStringLiteral("idle")).seq);
        QFile after(dir.filePath(QStringLiteral("a.db")));
        QVERIFY(after.open(QIODevice::ReadOnly));
        QCOMPARE(QCryptographicHash::hash(after.readAll(), QCryptographicHash::Sha256), before);
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{QStringLiteral("a.db")});

        QFile junk(dir.filePath(QStringLiteral("junk.db")));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(4096, 'j'));
        junk.close();
        QVERIFY(!DatabaseInspector::inspectFile(junk.fileName(), DatabaseInspector::Check::Quick, &error));
    }

    void durableWriteNeverReplacesByAccident()
    {
        test::ScratchDir dir(QStringLiteral("filesync"));
        const QString path = dir.filePath(QStringLiteral("m.json"));
        QString error;
        QVERIFY2(FileSync::writeFile(path, "one", 0600, false, &error), qPrintable(error));
        QVERIFY(!FileSync::writeFile(path, "two", 0600, false, &error));
        QCOMPARE(FileSync::lastErrno(), EEXIST);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("one"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden), QStringList{QStringLiteral("m.json")});
        struct stat info = {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &info), 0);
        QCOMPARE(info.st_mode & 0777, 0600u);
        QVERIFY(FileSync::writeFile(path, "three", 0600, true, &error));
    }
};

QTEST_GUILESS_MAIN(BackupManifestTest)
#include "BackupManifestTest.moc"
