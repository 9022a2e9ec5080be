// The database verifier on real SQLite files with the real schema, built by
// tests/support/ReceiptChainBuilder and tampered with plain SQL.
#include "common/crypto/Sha256.h"
#include "common/receipts/DatabaseChainVerifier.h"
#include "tests/support/ReceiptChainBuilder.h"
#include "tests/support/ScratchDir.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>

#include <sqlite3.h>

using namespace aegis;
using aegis::test::ReceiptChainBuilder;
using aegis::test::ScratchDir;

namespace {

const QString Acme = QStringLiteral("acme");
const QString Default = QStringLiteral("default");

// default: 20 receipts, acme: 10.
bool buildStandard(ReceiptChainBuilder &builder)
{
    return builder.open() && builder.addTenant(Acme) && builder.addReceipts(Default, 20)
        && builder.addReceipts(Acme, 10);
}

QString hashOf(ReceiptChainBuilder &builder, const QString &tenant, int seq)
{
    // Read with the C API: the builder's own connection is the only one.
    sqlite3 *db = nullptr;
    sqlite3_open_v2(builder.path().toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *statement = nullptr;
    sqlite3_prepare_v2(db, "SELECT receipt_hash FROM receipts WHERE tenant_id = ? AND seq = ?", -1, &statement, nullptr);
    const QByteArray t = tenant.toUtf8();
    sqlite3_bind_text(statement, 1, t.constData(), int(t.size()), SQLITE_TRANSIENT);
    sqlite3_bind_int(statement, 2, seq);
    QString hash;
    if (sqlite3_step(statement) == SQLITE_ROW)
        hash = QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(statement, 0)));
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return hash;
}

QStringList listing(const QString &dir)
{
    return QDir(dir).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

ChainVerificationReport verifyFile(const QString &path, DatabaseChainVerifier::Options options = {})
{
    QString error;
    const auto report = DatabaseChainVerifier(std::move(options)).verifyFile(path, &error);
    if (!report)
        qFatal("verifyFile failed: %s", qPrintable(error));
    return *report;
}

} // namespace

class DatabaseChainVerifierTest : public QObject
{
    Q_OBJECT

private slots:
    void intactDatabase()
    {
        ScratchDir scratch(QStringLiteral("intact"));
        ReceiptChainBuilder builder(scratch.filePath(QStringLiteral("aegis.db")));
        QVERIFY2(buildStandard(builder), qPrintable(builder.errorString()));
        const ExpectedHeads heads = builder.heads();
        builder.close();

        QStringList rows;
        DatabaseChainVerifier::Options options;
        options.onReceipt = [&](const ReceiptCheck &check) {
            rows << check.tenantId + QLatin1Char('/') + QString::number(*check.seq) + QLatin1Char('/')
                    + ReceiptCheck::statusName(check.status);
        };
        options.expectedHeads = heads;
        const auto report = verifyFile(builder.path(), options);
        QVERIFY2(report.verified(), qPrintable(report.errorText()));
        QCOMPARE(report.count(), 30);
        QCOMPARE(report.tenants().size(), size_t(2));
        QCOMPARE(report.heads(), heads);
        QCOMPARE(rows.size(), 30);
        QCOMPARE(rows.first(), QStringLiteral("acme/1/OK"));
        QCOMPARE(rows.last(), QStringLiteral("default/20/OK"));
        QVERIFY(report.errorText().isEmpty());
        QVERIFY(!report.toJson().contains(QStringLiteral("error")));
    }

    void tamper_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("seq");

        QTest::newRow("edit a field") << QStringLiteral("UPDATE receipts SET decision = 'allow' WHERE tenant_id = 'acme' AND seq = 4")
                                      << QStringLiteral("hash_mismatch") << 3 << 4;
        QTest::newRow("edit a null field") << QStringLiteral("UPDATE receipts SET approver = 'mallory' WHERE tenant_id = 'acme' AND seq = 7")
                                           << QStringLiteral("hash_mismatch") << 6 << 7;
        QTest::newRow("edit the type of a field") << QStringLiteral("UPDATE receipts SET run_id = 0 WHERE tenant_id = 'acme' AND seq = 2")
                                                  << QStringLiteral("hash_mismatch") << 1 << 2;
        QTest::newRow("delete a row") << QStringLiteral("DELETE FROM receipts WHERE tenant_id = 'acme' AND seq = 5")
                                      << QStringLiteral("broken_link") << 4 << 6;
        QTest::newRow("delete the first row") << QStringLiteral("DELETE FROM receipts WHERE tenant_id = 'acme' AND seq = 1")
                                              << QStringLiteral("broken_link") << 0 << 2;
        QTest::newRow("swap two rows' content")
            << QStringLiteral("UPDATE receipts SET seq = 1000 WHERE tenant_id = 'acme' AND seq = 3;"
                              "UPDATE receipts SET seq = 3 WHERE tenant_id = 'acme' AND seq = 4;"
                              "UPDATE receipts SET seq = 4 WHERE tenant_id = 'acme' AND seq = 1000")
            << QStringLiteral("broken_link") << 2 << 3;
        QTest::newRow("renumber seq") << QStringLiteral("UPDATE receipts SET seq = seq + 100 WHERE tenant_id = 'acme' AND seq >= 6")
                                      << QStringLiteral("seq_gap") << 5 << 106;
        QTest::newRow("move a receipt to another tenant")
            << QStringLiteral("UPDATE receipts SET tenant_id = 'default', seq = 21 WHERE tenant_id = 'acme' AND seq = 10")
            << QStringLiteral("broken_link") << 20 << 21; // reported in default, where it does not link
        QTest::newRow("blank the hash") << QStringLiteral("UPDATE receipts SET receipt_hash = '' WHERE tenant_id = 'acme' AND seq = 8")
                                        << QStringLiteral("malformed") << 7 << 8;
    }

    // The same, on signed chains: a signature that does not verify is found
    // too (checked on other threads on the fast lane, in turn otherwise),
    // and the first failure is the first by index either way.
    void tamperSigned_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("index");
        QTest::addColumn<int>("seq");

        const QString forge = QStringLiteral(
            "UPDATE receipts SET signature = CASE substr(signature, 1, 2) WHEN '00' THEN '11' ELSE '00' END"
            " || substr(signature, 3) WHERE tenant_id = 'acme' AND seq = %1");
        QTest::newRow("untouched") << QString() << QString() << 0 << 0;
        QTest::newRow("forge a signature") << forge.arg(4) << QStringLiteral("bad_signature") << 3 << 4;
        QTest::newRow("forge the last signature") << forge.arg(10) << QStringLiteral("bad_signature") << 9 << 10;
        QTest::newRow("another key")
            << QStringLiteral("UPDATE receipts SET signer_public_key = '79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664'"
                              " WHERE tenant_id = 'acme' AND seq = 2")
            << QStringLiteral("bad_signature") << 1 << 2;
        QTest::newRow("signature not hex") << QStringLiteral("UPDATE receipts SET signature = 'zz' WHERE tenant_id = 'acme' AND seq = 6")
                                           << QStringLiteral("bad_signature") << 5 << 6;
        QTest::newRow("no public key") << QStringLiteral("UPDATE receipts SET signer_public_key = NULL WHERE tenant_id = 'acme' AND seq = 6")
                                       << QStringLiteral("bad_signature") << 5 << 6;
        QTest::newRow("forged before an edit")
            << forge.arg(3) + QStringLiteral(";UPDATE receipts SET decision = 'allow' WHERE tenant_id = 'acme' AND seq = 7")
            << QStringLiteral("bad_signature") << 2 << 3;
        QTest::newRow("edit before a forged signature")
            << forge.arg(8) + QStringLiteral(";UPDATE receipts SET decision = 'allow' WHERE tenant_id = 'acme' AND seq = 5")
            << QStringLiteral("hash_mismatch") << 4 << 5;
        QTest::newRow("edited and re-hashed, signature kept")
            << QStringLiteral("UPDATE receipts SET receipt_hash = '%1' WHERE tenant_id = 'acme' AND seq = 10")
                   .arg(QString(64, QLatin1Char('e')))
            << QStringLiteral("hash_mismatch") << 9 << 10;
    }

    void tamperSigned()
    {
        QFETCH(QString, sql);
        QFETCH(QString, kind);
        QFETCH(int, index);
        QFETCH(int, seq);
        ScratchDir scratch(QStringLiteral("tamper-signed-") + QString::fromLatin1(QTest::currentDataTag()));
        ReceiptChainBuilder builder(scratch.filePath(QStringLiteral("aegis.db")));
        QVERIFY2(buildStandard(builder), qPrintable(builder.errorString()));
        QVERIFY2(builder.signReceipts(QStringLiteral("k1:") + QString(64, QLatin1Char('5'))), qPrintable(builder.errorString()));
        if (!sql.isEmpty())
            QVERIFY2(builder.exec(sql), qPrintable(builder.errorString()));
        builder.close();

        const auto report = verifyFile(builder.path());
        // Rows reported one by one: every check in turn, on this thread.
        DatabaseChainVerifier::Options inTurn;
        QStringList rows;
        inTurn.onReceipt = [&rows](const ReceiptCheck &check) { rows << ReceiptCheck::statusName(check.status); };
        const auto reportInTurn = verifyFile(builder.path(), inTurn);
        QCOMPARE(QJsonDocument(report.toJson()).toJson(), QJsonDocument(reportInTurn.toJson()).toJson());
        QCOMPARE(rows.size(), 30);
        if (kind.isEmpty()) {
            QVERIFY2(report.verified(), qPrintable(report.errorText()));
            return;
        }
        QVERIFY(!report.verified());
        const auto failure = report.firstFailure();
        QVERIFY(failure);
        QCOMPARE(ChainFailure::kindName(failure->second.kind), kind);
        QCOMPARE(failure->second.index, qint64(index));
        QCOMPARE(failure->second.seq, std::optional<qint64>(seq));
        QVERIFY(failure->second.receiptId && !failure->second.receiptId->isEmpty());
        QVERIFY(!failure->second.message.isEmpty());
        if (kind == QLatin1String("bad_signature"))
            QCOMPARE(rows.at(index), QStringLiteral("TAMPERED"));
    }

    void tamper()
    {
        QFETCH(QString, sql);
        QFETCH(QString, kind);
        QFETCH(int, index);
        QFETCH(int, seq);
        ScratchDir scratch(QStringLiteral("tamper-") + QString::fromLatin1(QTest::currentDataTag()));
        ReceiptChainBuilder builder(scratch.filePath(QStringLiteral("aegis.db")));
        QVERIFY2(buildStandard(builder), qPrintable(builder.errorString()));
        QVERIFY2(builder.exec(sql), qPrintable(builder.errorString()));
        builder.close();

        const auto report = verifyFile(builder.path());
        QVERIFY(!report.verified());
        const auto failure = report.firstFailure();
        QVERIFY(failure);
        QCOMPARE(ChainFailure::kindName(failure->second.kind), kind);
        QCOMPARE(failure->second.index, qint64(index));
        QCOMPARE(failure->second.seq, std::optional<qint64>(seq));
        QVERIFY(failure->second.receiptId && !failure->second.receiptId->isEmpty());
        QVERIFY(!failure->second.message.isEmpty());
    }

    void editedReceiptWithRecomputedHashBreaksTheNextLink()
    {
        ScratchDir scratch(QStringLiteral("rehashed"));
        ReceiptChainBuilder builder(scratch.filePath(QStringLiteral("aegis.db")));
        QVERIFY2(buildStandard(builder), qPrintable(builder.errorString()));
        // An attacker who edits seq 4 and writes a matching receipt_hash.
        ReceiptBody forged = builder.bodyFor(Acme, 4, QStringLiteral("agent-acme"), hashOf(builder, Acme, 3));
        QCOMPARE(forged.receiptHash(), std::optional<QString>(hashOf(builder, Acme, 4)));
        forged.decision = QStringLiteral("allow");
        QVERIFY(forged.decision != builder.bodyFor(Acme, 4, QString(), QString()).decision);
        QVERIFY(builder.exec(QStringLiteral("UPDATE receipts SET decision = 'allow', receipt_hash = '%1' "
                                            "WHERE tenant_id = 'acme' AND seq = 4")
                                 .arg(*forged.receiptHash())));
        builder.close();

        QStringList statuses;
        DatabaseChainVerifier::Options options;
        options.tenantId = Acme;
        options.onReceipt = [&](const ReceiptCheck &check) { statuses << ReceiptCheck::statusName(check.status); };
        const auto report = verifyFile(builder.path(), options);
        const ChainFailure failure = report.firstFailure()->second;
        QCOMPARE(failure.kind, ChainFailure::Kind::BrokenLink);
        QCOMPARE(failure.index, 4);
        QCOMPARE(failure.expected, *forged.receiptHash());
        QCOMPARE(statuses.at(3), QStringLiteral("OK"));
        QCOMPARE(statuses.at(4), QStringLiteral("BROKEN"));
        QCOMPARE(statuses.at(5), QStringLiteral("OK"));
    }

    void truncatedTailAgainstExpectedHeads()
    {
        ScratchDir scratch(QStringLiteral("truncated"));
        ReceiptChainBuilder builder(scratch.filePath(QStringLiteral("aegis.db")));
        QVERIFY2(buildStandard(builder), qPrintable(builder.errorString()));
        const ExpectedHeads heads = builder.heads();
        QVERIFY(builder.exec(QStringLiteral("DELETE FROM receipts WHERE tenant_id = 'acme' AND seq > 7")));
        builder.close();

        // Without expectations a shorter chain is still a valid chain.
        QVERIFY(verifyFile(builder.path()).verified());

        DatabaseChainVerifier::Options options;
        options.expectedHeads = heads;
        const auto report = verifyFile(builder.path(), options);
        QVERIFY(!report.verified());
        QCOMPARE(report.firstFailure()->first, Acme);
        const ChainFailure failure = report.firstFailure()->second;
        QCOMPARE(failure.kind, ChainFailure::Kind::Truncated);
        QCOMPARE(failure.index, 7);
        QCOMPARE(failure.seq, std::optional<qint64>(8));
        QCOMPARE(failure.expected, QStringLiteral("10"));
        QCOMPARE(failure.actual, QStringLiteral("7"));
        QVERIFY(report.tenants().at(Default).verified());
        QCOMPARE(report.errorText(), QStringLiteral("chain truncated at index 7 (expected 10 receipts, found 7) in tenant acme"));
    }

    void lastReceiptDroppedNamesIt()
    {
        ScratchDir scratch(QStringLiteral("last-dropped"));
        ReceiptChainBuilder builder(scratch.filePath(QStringLiteral("aegis.db")));
        QVERIFY2(buildStandard(builder), qPrintable(builder.errorString()));
        const ExpectedHeads heads = builder.heads();
        QVERIFY(builder.exec(QStringLiteral("DELETE FROM receipts WHERE tenant_id = 'acme' AND seq = 10")));
        builder.close();
        DatabaseChainVerifier::Options options;
        options.expectedHeads = heads;
        const ChainFailure failure = verifyFile(builder.path(), options).firstFailure()->second;
        QCOMPARE(failure.kind, ChainFailure::Kind::Truncated);
        QCOMPARE(failure.receiptId, std::optional<QString>(heads.at(Acme).receiptId));
    }

    void tenantMissingIsTruncated()
    {
        ScratchDir scratch(QStringLiteral("tenant-missing"));
        ReceiptChainBuilder builder(scratch.filePath(QStringLiteral("aegis.db")));
        QVERIFY2(buildStandard(builder), qPrintable(builder.errorString()));
        ExpectedHeads heads = builder.heads();
        builder.close();
        ExpectedHead gone;
        gone.count = 5;
        gone.seq = 5;
        gone.receiptHash = QString(64, QLatin1Char('a'));
        heads[QStringLiteral("gone")] = gone;
        DatabaseChainVerifier::Options options;
        options.expectedHeads = heads;
        const auto report = verifyFile(builder.path(), options);
        QCOMPARE(report.firstFailure()->first, QStringLiteral("gone"));
        QCOMPARE(report.firstFailure()->second.kind, ChainFailure::Kind::Truncated);
        QCOMPARE(report.firstFailure()->second.index, 0);
        QCOMPARE(report.tenants().at(QStringLiteral("gone")).count, 0);
        QVERIFY(!report.tenants().at(QStringLiteral("gone")).headHash);
    }

    void divergedChain()
    {
        ScratchDir scratch(QStringLiteral("diverged"));
        ReceiptChainBuilder original(scratch.filePath(QStringLiteral("original.db")));
        QVERIFY2(buildStandard(original), qPrintable(original.errorString()));
        const ExpectedHeads heads = original.heads();
        original.close();
        // Another database, internally consistent, with other receipts.
        ReceiptChainBuilder other(scratch.filePath(QStringLiteral("other.db")));
        QVERIFY(other.open() && other.addTenant(Acme) && other.addReceipts(Default, 20)
            && other.addReceipts(Acme, 12, QStringLiteral("impostor")));
        other.close();
        QVERIFY(verifyFile(other.path()).verified());

        QStringList statuses;
        DatabaseChainVerifier::Options options;
        options.expectedHeads = heads;
        options.tenantId = Acme;
        options.expectedHeads = {{Acme, heads.at(Acme)}};
        options.onReceipt = [&](const ReceiptCheck &check) { statuses << ReceiptCheck::statusName(check.status); };
        const auto report = verifyFile(other.path(), options);
        const ChainFailure failure = report.firstFailure()->second;
        QCOMPARE(failure.kind, ChainFailure::Kind::Diverged);
        QCOMPARE(failure.index, 9);
        QCOMPARE(failure.seq, std::optional<qint64>(10));
        QCOMPARE(failure.expected, heads.at(Acme).receiptHash);
        QCOMPARE(failure.actual, hashOf(other, Acme, 10));
        QCOMPARE(statuses.at(9), QStringLiteral("BROKEN"));
        QCOMPARE(statuses.count(QStringLiteral("OK")), 11);
    }

    void tenantFilter()
    {
        ScratchDir scratch(QStringLiteral("tenant-filter"));
        ReceiptChainBuilder builder(scratch.filePath(QStringLiteral("aegis.db")));
        QVERIFY2(buildStandard(builder), qPrintable(builder.errorString()));
        QVERIFY(builder.exec(QStringLiteral("UPDATE receipts SET decision = 'x' WHERE tenant_id = 'default' AND seq = 2")));
        builder.close();
        DatabaseChainVerifier::Options options;
        options.tenantId = Acme;
        const auto report = verifyFile(builder.path(), options);
        QVERIFY(report.verified());
        QCOMPARE(report.count(), 10);
        QCOMPARE(report.tenants().size(), size_t(1));

        options.tenantId = QStringLiteral("nobody");
        const auto none = verifyFile(builder.path(), options);
        QVERIFY(none.isEmpty());
        QCOMPARE(none.errorText(), QStringLiteral("no receipts found"));
    }

    void timeRange()
    {
        ScratchDir scratch(QStringLiteral("range"));
        ReceiptChainBuilder builder(scratch.filePath(QStringLiteral("aegis.db")));
        QVERIFY2(buildStandard(builder), qPrintable(builder.errorString()));
        // Receipt seq n has ts 2026-11-26T09:00:00Z + n seconds; break the
        // link of seq 5, which a range starting at seq 5 takes as given.
        QVERIFY(builder.exec(QStringLiteral("UPDATE receipts SET seq = seq + 100 WHERE tenant_id = 'acme' AND seq >= 9")));
        builder.close();

        DatabaseChainVerifier::Options options;
        options.tenantId = Acme;
        options.from = QStringLiteral("2026-11-26T09:00:05Z");
        options.to = QStringLiteral("2026-11-26T10:00:08.000000+01:00");
        auto report = verifyFile(builder.path(), options);
        QVERIFY2(report.verified(), qPrintable(report.errorText()));
        QCOMPARE(report.count(), 4); // seq 5..8, a slice

        options.from = QStringLiteral("2026-11-26T08:00:00Z"); // includes seq 1: genesis enforced
        options.to = QStringLiteral("2026-11-26T09:00:09.999999Z");
        report = verifyFile(builder.path(), options);
        QCOMPARE(report.count(), 9);
        QCOMPARE(report.firstFailure()->second.kind, ChainFailure::Kind::SeqGap);

        options.from = QStringLiteral("yesterday");
        QString error;
        QVERIFY(!DatabaseChainVerifier(options).verifyFile(builder.path(), &error));
        QVERIFY2(error.contains(QStringLiteral("from is not an RFC 3339 time")), qPrintable(error));
    }

    void readOnlyOpenChangesNothing()
    {
        ScratchDir scratch(QStringLiteral("read-only"));
        const QString dir = scratch.filePath(QStringLiteral("backups"));
        QVERIFY(QDir().mkpath(dir));
        ReceiptChainBuilder::Options wal;
        wal.walMode = true;
        ReceiptChainBuilder builder(QDir(dir).filePath(QStringLiteral("backup.db")), wal);
        QVERIFY2(buildStandard(builder), qPrintable(builder.errorString()));
        builder.close();

        const QStringList before = listing(dir);
        QCOMPARE(before, QStringList{QStringLiteral("backup.db")});
        const auto hashBefore = Sha256::hashFile(builder.path());
        QVERIFY(hashBefore.ok);
        // (Running as root ignores the mode; the listing check still holds.)
        QVERIFY(QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::ExeOwner));
        QVERIFY(QFile::setPermissions(builder.path(), QFileDevice::ReadOwner));

        const auto report = verifyFile(builder.path());

        QFile::setPermissions(builder.path(), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QFile::setPermissions(dir, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
        QVERIFY2(report.verified(), qPrintable(report.errorText()));
        QCOMPARE(report.count(), 30);
        QCOMPARE(listing(dir), before);
        QCOMPARE(Sha256::hashFile(builder.path()).hex, hashBefore.hex);
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
    }

    void liveWalDatabaseIsReadThroughItsLog()
    {
        ScratchDir scratch(QStringLiteral("live-wal"));
        ReceiptChainBuilder::Options wal;
        wal.walMode = true;
        ReceiptChainBuilder builder(scratch.filePath(QStringLiteral("aegis.db")), wal);
        QVERIFY2(buildStandard(builder), qPrintable(builder.errorString()));
        // Keep the writer open with receipts only in the log, as a running
        // gateway between checkpoints.
        QVERIFY(builder.exec(QStringLiteral("PRAGMA wal_autocheckpoint = 0")));
        QVERIFY(builder.addReceipts(Acme, 5));
        QVERIFY(QFileInfo(builder.path() + QStringLiteral("-wal")).size() > 0);
        const QStringList before = listing(scratch.path());

        const auto report = verifyFile(builder.path());
        QVERIFY2(report.verified(), qPrintable(report.errorText()));
        QCOMPARE(report.tenants().at(Acme).count, 15);
        QCOMPARE(listing(scratch.path()), before);

        // Just after a checkpoint the log is empty but the writer is still
        // there: still no immutable read, still nothing created.
        QVERIFY(builder.addReceipts(Acme, 1));
        QVERIFY(builder.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")));
        QCOMPARE(QFileInfo(builder.path() + QStringLiteral("-wal")).size(), 0);
        const auto again = verifyFile(builder.path());
        QVERIFY2(again.verified(), qPrintable(again.errorText()));
        QCOMPARE(again.tenants().at(Acme).count, 16);
        QCOMPARE(listing(scratch.path()), before);
        builder.close();
    }

    void openConnectionEntryPoint()
    {
        ScratchDir scratch(QStringLiteral("open-connection"));
        ReceiptChainBuilder builder(scratch.filePath(QStringLiteral("aegis.db")));
        QVERIFY2(buildStandard(builder), qPrintable(builder.errorString()));
        builder.close();
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("gateway-own"));
            db.setDatabaseName(builder.path());
            QVERIFY(db.open());
            QString error;
            const auto report = DatabaseChainVerifier().verify(db, &error);
            QVERIFY2(report, qPrintable(error));
            QVERIFY(report->verified());
            QCOMPARE(report->count(), 30);
            // The caller's connection is left usable.
            QSqlQuery query(db);
            QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM receipts")) && query.next());
            QCOMPARE(query.value(0).toInt(), 30);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("gateway-own"));
    }

    void errors()
    {
        ScratchDir scratch(QStringLiteral("errors"));
        QString error;
        QVERIFY(!DatabaseChainVerifier().verifyFile(scratch.filePath(QStringLiteral("missing.db")), &error));
        QVERIFY2(error.contains(QStringLiteral("no such file")), qPrintable(error));
        QVERIFY(!QFileInfo::exists(scratch.filePath(QStringLiteral("missing.db"))));

        QFile text(scratch.filePath(QStringLiteral("notes.txt")));
        QVERIFY(text.open(QIODevice::WriteOnly));
        text.write(QByteArray(4096, 'x'));
        text.close();
        QVERIFY(!DatabaseChainVerifier().verifyFile(text.fileName(), &error));
        QVERIFY2(error.contains(QStringLiteral("not a readable SQLite database")), qPrintable(error));

        sqlite3 *db = nullptr;
        const QString other = scratch.filePath(QStringLiteral("other.db"));
        QCOMPARE(sqlite3_open(other.toUtf8().constData(), &db), SQLITE_OK);
        sqlite3_exec(db, "CREATE TABLE t (x)", nullptr, nullptr, nullptr);
        sqlite3_close(db);
        QVERIFY(!DatabaseChainVerifier().verifyFile(other, &error));
        QVERIFY2(error.contains(QStringLiteral("no receipts table")), qPrintable(error));

        QVERIFY(!DatabaseChainVerifier().verifyFile(scratch.path(), &error));
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
    }

    void emptyDatabase()
    {
        ScratchDir scratch(QStringLiteral("empty"));
        ReceiptChainBuilder builder(scratch.filePath(QStringLiteral("aegis.db")));
        QVERIFY(builder.open());
        builder.close();
        const auto report = verifyFile(builder.path());
        QVERIFY(report.isEmpty());
        QCOMPARE(report.tenants().count(Default), size_t(1)); // listed from the tenants table
        QCOMPARE(report.toJson().value(QStringLiteral("error")).toString(), QStringLiteral("no receipts found"));
    }

    void streamsAHundredThousandReceipts()
    {
        ScratchDir scratch(QStringLiteral("large"));
        ReceiptChainBuilder builder(scratch.filePath(QStringLiteral("aegis.db")));
        QVERIFY(builder.open());
        QVERIFY2(builder.addReceipts(Default, 100000), qPrintable(builder.errorString()));
        const ExpectedHeads heads = builder.heads();
        builder.close();

        QList<qint64> progress;
        DatabaseChainVerifier::Options options;
        options.expectedHeads = heads;
        options.progress = [&](qint64 done) { progress << done; };
        const auto report = verifyFile(builder.path(), options);
        QVERIFY2(report.verified(), qPrintable(report.errorText()));
        QCOMPARE(report.count(), 100000);
        QCOMPARE(progress.last(), 100000);
        QVERIFY(progress.size() >= 100);
        QVERIFY(std::is_sorted(progress.begin(), progress.end()));

        // Cancellation stops early and never looks verified.
        DatabaseChainVerifier::Options cancelling;
        cancelling.cancelled = [] { return true; };
        const auto cancelled = verifyFile(builder.path(), cancelling);
        QVERIFY(cancelled.isCancelled());
        QVERIFY(!cancelled.verified());
        QVERIFY(cancelled.count() < 1000);
        QCOMPARE(cancelled.toJson().value(QStringLiteral("cancelled")).toBool(), true);
        QVERIFY(cancelled.errorText().startsWith(QStringLiteral("verification cancelled")));
    }
};

QTEST_GUILESS_MAIN(DatabaseChainVerifierTest)
#include "DatabaseChainVerifierTest.moc"
