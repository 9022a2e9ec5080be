#include "common/backup/BackupName.h"

#include <QtTest>

using aegis::BackupName;

class BackupNameTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptsOrdinaryNames_data()
    {
        QTest::addColumn<QString>("name");
        for (const char *name : {"pre-migration-2026-06-17.db", "a", "backup.db", "aegis-20261126T093000Z.db",
                                 "nightly_01.sqlite", "ops+drill@site-2.db", "X9", "v1.2.3-rc1.db"})
            QTest::newRow(name) << QString::fromLatin1(name);
        QTest::newRow("255 bytes") << QString(255, QLatin1Char('a'));
    }

    void acceptsOrdinaryNames()
    {
        QFETCH(QString, name);
        QVERIFY2(BackupName::isValid(name), qPrintable(BackupName::problem(name)));
    }

    // The hostile names of the backups issue, and more: each is refused with
    // a rule a person can act on.
    void refusesHostileNames_data()
    {
        QTest::addColumn<QString>("name");
        const QList<QString> names = {
            QString(), QStringLiteral("."), QStringLiteral(".."), QStringLiteral("../x"), QStringLiteral("..\\x"),
            QStringLiteral("x/.."), QStringLiteral("a/b"), QStringLiteral("a\\b"), QStringLiteral("/etc/passwd"),
            QStringLiteral("/"), QStringLiteral("\\"), QStringLiteral("C:\\x.db"), QStringLiteral("a..b"),
            QStringLiteral("...."), QStringLiteral("%2e%2e%2f"), QStringLiteral("%2e%2e"), QStringLiteral("..%2f"),
            QStringLiteral("x%00.db"), QStringLiteral("x\u0000y"), QStringLiteral("x\ny"), QStringLiteral("x\ry"),
            QStringLiteral("x\ty"), QStringLiteral("x\u001by"), QStringLiteral("x\u007fy"), QStringLiteral("\u0001"),
            QString(256, QLatin1Char('a')), QString(300, QLatin1Char('b')), QString(200, QChar(0x00e9)),
            QStringLiteral(".hidden"), QStringLiteral(".x.db"), QStringLiteral("x.partial"),
            QStringLiteral("x.db.partial"), QStringLiteral("x.db.manifest.json"), QStringLiteral(".manifest.json"),
            QStringLiteral("a\u2215b"), QStringLiteral("a\u2044b"), QStringLiteral("a\uff0fb"), QStringLiteral("a\u29f8b"),
            QStringLiteral("a\uff3cb"), QStringLiteral("\u2025"), QStringLiteral("x.db "), QStringLiteral(" x.db"),
            QStringLiteral("x .db"), QStringLiteral("x.db\u00a0"), QStringLiteral("x\u200b.db"), QStringLiteral("-rf"),
            QStringLiteral("$(reboot)"), QStringLiteral("`id`"), QStringLiteral("x;rm -rf"), QStringLiteral("x|y"),
            QStringLiteral("x*y"), QStringLiteral("x?y"), QStringLiteral("~root"), QStringLiteral("x:y"),
            QStringLiteral("Zürich.db"), QStringLiteral("x\"y"), QStringLiteral("x'y"), QStringLiteral("x<y>"),
        };
        for (qsizetype i = 0; i < names.size(); ++i)
            QTest::newRow(qPrintable(QStringLiteral("%1").arg(i))) << names.at(i);
        QVERIFY(names.size() >= 50);
    }

    void refusesHostileNames()
    {
        QFETCH(QString, name);
        const QString problem = BackupName::problem(name);
        QVERIFY2(!problem.isEmpty(), qPrintable(name));
        QVERIFY(!problem.contains(QLatin1Char('\n')));
    }

    void generatedNamesAreValidAndTellAutomaticApart()
    {
        const QDateTime t(QDate(2026, 11, 26), QTime(9, 30), Qt::UTC);
        QCOMPARE(BackupName::generated(t), QStringLiteral("aegis-20261126T093000Z.db"));
        QCOMPARE(BackupName::automatic(t), QStringLiteral("aegis-auto-20261126T093000Z.db"));
        QVERIFY(BackupName::isValid(BackupName::generated(t)));
        QVERIFY(BackupName::isAutomatic(BackupName::automatic(t)));
        QVERIFY(!BackupName::isAutomatic(BackupName::generated(t)));
        QVERIFY(!BackupName::isAutomatic(QStringLiteral("aegis-auto-mine.db")));
        QCOMPARE(BackupName::manifestName(QStringLiteral("x.db")), QStringLiteral("x.db.manifest.json"));
    }

    // The archived name of a database a restore set aside: the extension
    // stays last; companions and look-alikes are not pre-restore databases.
    void preRestoreNames()
    {
        QCOMPARE(BackupName::preRestore(QStringLiteral("aegis.db"), QStringLiteral("20261206T031500Z")),
                 QStringLiteral("aegis.pre-restore-20261206T031500Z.db"));
        QCOMPARE(BackupName::preRestore(QStringLiteral("aegisagent"), QStringLiteral("20261206T031500Z")),
                 QStringLiteral("aegisagent.pre-restore-20261206T031500Z"));
        QVERIFY(BackupName::isPreRestore(QStringLiteral("aegis.pre-restore-20261206T031500Z.db")));
        QVERIFY(BackupName::isPreRestore(QStringLiteral("aegisagent.pre-restore-20261206T031500Z")));
        QVERIFY(BackupName::isValid(QStringLiteral("aegis.pre-restore-20261206T031500Z.db")));
        QVERIFY(!BackupName::isPreRestore(QStringLiteral("aegis.pre-restore-20261206T031500Z.db-wal")));
        QVERIFY(!BackupName::isPreRestore(QStringLiteral("aegis-20261206T031500Z.db")));
        QVERIFY(!BackupName::isPreRestore(QStringLiteral("aegis.pre-restore-1700000000.db")));
    }
};

QTEST_GUILESS_MAIN(BackupNameTest)
#include "BackupNameTest.moc"
