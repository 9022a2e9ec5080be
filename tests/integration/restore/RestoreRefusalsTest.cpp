// Preflight refusals with the real gateway running: a corrupt backup, a
// sha256 mismatch, a backup from a newer gateway, a broken chain, not enough
// space. Each is refused (exit 2) with the reason and what to do, and
// nothing is touched: the same gateway process keeps serving the same data,
// no file appears or moves beside the database.
#include "tests/integration/restore/RestoreScenario.h"

#include "common/backup/BackupManifest.h"
#include "common/db/DatabaseInspector.h"
#include "common/util/FileSync.h"
#include "tests/support/SqliteShell.h"

#include <QtTest>

#include <csignal>

using namespace aegis;
using namespace aegis::test;

Q_DECLARE_METATYPE(std::function<bool(RestoreScenario &)>)

namespace {

using Damage = std::function<bool(RestoreScenario &)>;

// The manifest rewritten from the file as it is now: only the deeper checks
// can find what was done to it.
bool rewriteManifest(RestoreScenario &scenario)
{
    QString error;
    auto manifest = BackupManifest::load(scenario.manifest(), &error);
    const auto summary = DatabaseInspector::inspectFile(scenario.backup(), DatabaseInspector::Check::None, &error);
    if (!manifest || !summary)
        return false;
    manifest->sha256 = RestoreScenario::sha256Of(scenario.backup());
    manifest->sizeBytes = QFileInfo(scenario.backup()).size();
    manifest->schemaVersion = summary->schemaVersion;
    manifest->agents = summary->agents;
    manifest->decisions = summary->decisions;
    manifest->receipts = summary->receipts;
    return FileSync::writeFile(scenario.manifest(), manifest->toBytes(), 0600, true, &error);
}

} // namespace

class RestoreRefusalsTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<RestoreScenario> m_template;

private Q_SLOTS:
    void initTestCase()
    {
        m_template = std::make_unique<RestoreScenario>(QStringLiteral("template"));
        QVERIFY2(m_template->startGateway(), qPrintable(m_template->lastError()));
        QVERIFY2(m_template->addEvidence(3), qPrintable(m_template->lastError()));
        QVERIFY2(m_template->takeBackup(QStringLiteral("b.db")), qPrintable(m_template->lastError()));
        QVERIFY2(m_template->addEvidence(1), qPrintable(m_template->lastError()));
        QCOMPARE(m_template->gateway().stop(SIGTERM), 0);
    }

    void refused_data()
    {
        QTest::addColumn<Damage>("damage");
        QTest::addColumn<QStringList>("faults");
        QTest::addColumn<QString>("reason");
        QTest::newRow("corrupt backup") << Damage([](RestoreScenario &s) {
            QFile file(s.backup());
            if (!file.open(QIODevice::ReadWrite))
                return false;
            file.seek(4096);
            file.write(QByteArray(16384, '\x5a'));
            file.close();
            return true;
        }) << QStringList() << QStringLiteral("The backup is a sound SQLite database");
        QTest::newRow("sha256 mismatch") << Damage([](RestoreScenario &s) {
            return SqliteShell::exec(s.backup(), QStringLiteral("UPDATE agents SET name = 'renamed'"));
        }) << QStringList() << QStringLiteral("matches its manifest");
        QTest::newRow("newer schema than the gateway binary") << Damage([](RestoreScenario &s) {
            return SqliteShell::exec(s.backup(), QStringLiteral("INSERT INTO schema_migrations VALUES (99, '0099_future', 'x', '2027-01-01T00:00:00.000Z')"))
                && rewriteManifest(s);
        }) << QStringList() << QStringLiteral("the gateway binary knows only up to");
        QTest::newRow("broken chain") << Damage([](RestoreScenario &s) {
            return SqliteShell::exec(s.backup(), QStringLiteral("UPDATE receipts SET decision = 'allow' WHERE seq = 2 AND tenant_id = 'acme'"))
                && rewriteManifest(s);
        }) << QStringList() << QStringLiteral("do not restore it");
        QTest::newRow("not enough space") << Damage([](RestoreScenario &) { return true; })
                                          << QStringList{QStringLiteral("--free-bytes"), QStringLiteral("1048576")}
                                          << QStringLiteral("free space on that file system");
    }

    void refused()
    {
        QFETCH(Damage, damage);
        QFETCH(QStringList, faults);
        QFETCH(QString, reason);
        RestoreScenario scenario(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')));
        QVERIFY2(m_template->copyTo(scenario), qPrintable(m_template->lastError()));
        QVERIFY(damage(scenario));
        QVERIFY2(scenario.startGateway(), qPrintable(scenario.lastError()));
        const ServedState before = scenario.served();
        const qint64 pid = scenario.gateway().pid();
        const QStringList files = scenario.databaseDirectory();

        const QStringList arguments = scenario.restoreArguments() + QStringList{QStringLiteral("--backup"), scenario.backup(), QStringLiteral("--yes")};
        const RestoreScenario::Run run = faults.isEmpty()
            ? scenario.run(RestoreScenario::restoreBinary(), arguments)
            : scenario.run(QStringLiteral(AEGIS_RESTORE_CRASH_HELPER), faults + QStringList{QStringLiteral("--")} + arguments);
        QVERIFY2(run.exitCode == 2, qPrintable(run.output));
        QVERIFY2(run.output.contains(QStringLiteral("REFUSED")), qPrintable(run.output));
        QVERIFY2(run.output.contains(reason, Qt::CaseInsensitive), qPrintable(run.output));
        QVERIFY2(run.output.contains(QStringLiteral("what to do:")), qPrintable(run.output));

        // Nothing touched.
        QVERIFY(scenario.gateway().isRunning());
        QCOMPARE(scenario.gateway().pid(), pid);
        QCOMPARE(scenario.gatewayHolding(), pid);
        QCOMPARE(scenario.served(), before);
        QCOMPARE(scenario.databaseDirectory(), files);
    }
};

QTEST_GUILESS_MAIN(RestoreRefusalsTest)
#include "RestoreRefusalsTest.moc"
