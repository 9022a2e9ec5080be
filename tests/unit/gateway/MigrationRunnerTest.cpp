#include "gateway/storage/Database.h"
#include "gateway/storage/MigrationRunner.h"
#include "gateway/storage/ScopedConnection.h"

#include "tests/support/ScratchDir.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

using namespace aegis;

class MigrationRunnerTest : public QObject
{
    Q_OBJECT

private:
    static MigrationSet firstOnly()
    {
        const MigrationSet all = MigrationSet::embedded();
        return MigrationSet::fromList({all.migrations().first()});
    }

    static QVariant scalar(QSqlDatabase &db, const QString &sql)
    {
        QSqlQuery query(db);
        if (!query.exec(sql) || !query.next())
            return {};
        return query.value(0);
    }

private Q_SLOTS:
    void embeddedSetIsComplete()
    {
        const MigrationSet set = MigrationSet::embedded();
        QVERIFY2(set.validate().isEmpty(), qPrintable(set.validate()));
        QVERIFY(set.latestVersion() >= 2);
        QCOMPARE(set.migrations().first().name, QStringLiteral("0001_initial_schema"));
        QCOMPARE(set.migrations().first().sha256.size(), 64);
    }

    void freshDatabaseGetsTheWholeSchema()
    {
        test::ScratchDir dir(QStringLiteral("fresh"));
        Database database({dir.filePath(QStringLiteral("a.db"))});
        ScopedConnection connection(database, QStringLiteral("test"));
        QVERIFY(connection.isOpen());

        const auto outcome = MigrationRunner::run(connection.db(), MigrationSet::embedded());
        QVERIFY2(outcome.ok(), qPrintable(outcome.message));
        QCOMPARE(outcome.status, MigrationRunner::Status::Migrated);
        QCOMPARE(outcome.fromVersion, 0);
        QCOMPARE(outcome.toVersion, MigrationSet::embedded().latestVersion());

        QSqlDatabase &db = connection.db();
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA user_version")).toInt(), outcome.toVersion);
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA journal_mode")).toString(), QStringLiteral("wal"));
        QCOMPARE(scalar(db, QStringLiteral("PRAGMA foreign_keys")).toInt(), 1);
        QCOMPARE(scalar(db, QStringLiteral("SELECT count(*) FROM schema_migrations")).toInt(), outcome.toVersion);
        QCOMPARE(scalar(db, QStringLiteral("SELECT sha256 FROM schema_migrations WHERE version = 1")).toString(),
                 MigrationSet::embedded().migrations().first().sha256);
        QVERIFY(!scalar(db, QStringLiteral("SELECT applied_at FROM schema_migrations WHERE version = 1")).toString().isEmpty());
        QCOMPARE(scalar(db, QStringLiteral("SELECT id FROM tenants")).toString(), QStringLiteral("default"));
        QVERIFY(scalar(db, QStringLiteral("SELECT rules FROM policies WHERE tenant_id = 'default'")).toString().contains(
            QStringLiteral("require_approval")));

        // The receipts chain is backed by the schema: a second receipt at the
        // same position of a tenant's chain is impossible.
        QSqlQuery insert(db);
        const QString sql = QStringLiteral(
            "INSERT INTO receipts (tenant_id, seq, event_id, ts, agent_id, tool, action, decision, action_hash, "
            "prev_receipt_hash, receipt_hash, created_at) VALUES ('default', 1, '%1', 't', 'a', 't', 'a', 'allow', "
            "'h', '', 'h', 't')");
        QVERIFY2(insert.exec(sql.arg(QStringLiteral("e1"))), qPrintable(insert.lastError().text()));
        QVERIFY(!insert.exec(sql.arg(QStringLiteral("e2"))));

        const auto again = MigrationRunner::run(db, MigrationSet::embedded());
        QCOMPARE(again.status, MigrationRunner::Status::Current);
    }

    void olderDatabaseIsUpgradedWithItsDataKept()
    {
        test::ScratchDir dir(QStringLiteral("upgrade"));
        Database database({dir.filePath(QStringLiteral("a.db"))});
        ScopedConnection connection(database, QStringLiteral("test"));
        QVERIFY(MigrationRunner::run(connection.db(), firstOnly()).ok());
        QCOMPARE(MigrationRunner::appliedVersion(connection.db()), 1);
        QSqlQuery query(connection.db());
        QVERIFY(query.exec(QStringLiteral("INSERT INTO tenants (id, name, created_at) VALUES ('acme', 'Acme', 'now')")));

        const auto outcome = MigrationRunner::run(connection.db(), MigrationSet::embedded());
        QVERIFY2(outcome.ok(), qPrintable(outcome.message));
        QCOMPARE(outcome.status, MigrationRunner::Status::Migrated);
        QCOMPARE(outcome.fromVersion, 1);
        QCOMPARE(outcome.applied.first(), QStringLiteral("0002_verification_history"));
        QCOMPARE(scalar(connection.db(), QStringLiteral("SELECT count(*) FROM tenants")).toInt(), 2);
        QCOMPARE(scalar(connection.db(), QStringLiteral("SELECT count(*) FROM chain_verifications")).toInt(), 0);
    }

    void newerDatabaseIsRefusedUntouched()
    {
        test::ScratchDir dir(QStringLiteral("newer"));
        Database database({dir.filePath(QStringLiteral("a.db"))});
        ScopedConnection connection(database, QStringLiteral("test"));
        QList<Migration> future = MigrationSet::embedded().migrations();
        const int next = future.size() + 1;
        future.append(Migration::fromFile(QStringLiteral("%1_from_the_future.sql").arg(next, 4, 10, QLatin1Char('0')),
                                          "CREATE TABLE future (x INTEGER);"));
        QVERIFY(MigrationRunner::run(connection.db(), MigrationSet::fromList(future)).ok());

        const auto outcome = MigrationRunner::run(connection.db(), MigrationSet::embedded());
        QCOMPARE(outcome.status, MigrationRunner::Status::RefusedNewer);
        QVERIFY2(outcome.message.contains(QString::number(next)), qPrintable(outcome.message));
        QVERIFY2(outcome.message.contains(QString::number(next - 1)), qPrintable(outcome.message));
        QCOMPARE(MigrationRunner::appliedVersion(connection.db()), next);
    }

    void userVersionAheadIsRefused()
    {
        test::ScratchDir dir(QStringLiteral("user-version"));
        Database database({dir.filePath(QStringLiteral("a.db"))});
        ScopedConnection connection(database, QStringLiteral("test"));
        QSqlQuery query(connection.db());
        QVERIFY(query.exec(QStringLiteral("PRAGMA user_version = 99")));
        const auto outcome = MigrationRunner::run(connection.db(), MigrationSet::embedded());
        QCOMPARE(outcome.status, MigrationRunner::Status::RefusedNewer);
        QVERIFY(outcome.message.contains(QStringLiteral("99")));
        // Refused before anything was written.
        QCOMPARE(scalar(connection.db(), QStringLiteral("SELECT count(*) FROM sqlite_schema")).toInt(), 0);
    }

    void changedChecksumIsRefused()
    {
        test::ScratchDir dir(QStringLiteral("checksum"));
        Database database({dir.filePath(QStringLiteral("a.db"))});
        ScopedConnection connection(database, QStringLiteral("test"));
        QVERIFY(MigrationRunner::run(connection.db(), MigrationSet::embedded()).ok());

        QList<Migration> edited = MigrationSet::embedded().migrations();
        edited[0] = Migration::fromFile(edited[0].name + QStringLiteral(".sql"), edited[0].sql + "\n-- edited\n");
        const auto outcome = MigrationRunner::run(connection.db(), MigrationSet::fromList(edited));
        QCOMPARE(outcome.status, MigrationRunner::Status::RefusedChecksum);
        QVERIFY2(outcome.message.contains(QStringLiteral("0001_initial_schema")), qPrintable(outcome.message));
    }

    void failingMigrationLeavesNothingBehind()
    {
        test::ScratchDir dir(QStringLiteral("failing"));
        Database database({dir.filePath(QStringLiteral("a.db"))});
        ScopedConnection connection(database, QStringLiteral("test"));
        QList<Migration> broken = {MigrationSet::embedded().migrations().first(),
                                   Migration::fromFile(QStringLiteral("0002_broken.sql"),
                                                       "CREATE TABLE half (x INTEGER);\nINSERT INTO nowhere VALUES (1);\n")};
        const auto outcome = MigrationRunner::run(connection.db(), MigrationSet::fromList(broken));
        QCOMPARE(outcome.status, MigrationRunner::Status::Failed);
        QVERIFY2(outcome.message.contains(QStringLiteral("0002_broken")), qPrintable(outcome.message));
        QCOMPARE(MigrationRunner::appliedVersion(connection.db()), 1);
        QCOMPARE(scalar(connection.db(), QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE name = 'half'")).toInt(), 0);
        QCOMPARE(scalar(connection.db(), QStringLiteral("PRAGMA user_version")).toInt(), 1);
    }

    void notADatabaseIsRefused()
    {
        test::ScratchDir dir(QStringLiteral("garbage"));
        QFile file(dir.filePath(QStringLiteral("a.db")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(8192, 'x'));
        file.close();
        Database database({file.fileName()});
        ScopedConnection connection(database, QStringLiteral("test"));
        const auto outcome = MigrationRunner::run(connection.db(), MigrationSet::embedded());
        QVERIFY(!outcome.ok());
        QVERIFY2(outcome.message.contains(QStringLiteral("cannot be read")), qPrintable(outcome.message));
    }

    void statementsSplitWhereSQLiteSeesThemComplete()
    {
        const QByteArray sql = "CREATE TABLE t (x TEXT DEFAULT ';');\n"
                               "-- a comment; with a semicolon\n"
                               "CREATE TRIGGER tr AFTER INSERT ON t BEGIN\n"
                               "  UPDATE t SET x = 'a;b';\n"
                               "  SELECT 1;\n"
                               "END;\n"
                               "INSERT INTO t VALUES ('x')";
        const QStringList statements = MigrationRunner::splitStatements(sql);
        QCOMPARE(statements.size(), 3);
        QVERIFY(statements.at(1).contains(QStringLiteral("SELECT 1;")));
        QVERIFY(statements.at(1).endsWith(QStringLiteral("END;")));
        QVERIFY(statements.at(2).startsWith(QStringLiteral("INSERT")));
    }
};

QTEST_GUILESS_MAIN(MigrationRunnerTest)
#include "MigrationRunnerTest.moc"
