// The restore killed at every point, for real: restore-crash-helper runs
// aegis-restore's command class and _exit()s before its Nth effectful file
// operation (with the real gateway, managed). Then `aegis-restore --resume`
// (recommended choice, then explicitly --rollback) must leave the gateway
// serving exactly the original or exactly the restored database, never a
// mixture, with the original's bytes kept (sha256 compared). Injected I/O
// failures (a failed copy, a rename error, ...) roll back by themselves.
#include "tests/integration/restore/RestoreScenario.h"

#include <QDir>
#include <QtTest>

#include <csignal>

using namespace aegis;
using namespace aegis::test;

class RestoreCrashTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<RestoreScenario> m_template;
    QString m_originalSha;
    ServedState m_original;
    ServedState m_backup;

    enum class Ending
    {
        Original,
        Restored
    };

    static QString helper() { return QStringLiteral(AEGIS_RESTORE_CRASH_HELPER); }

    std::unique_ptr<RestoreScenario> fresh(const QString &name)
    {
        auto scenario = std::make_unique<RestoreScenario>(name);
        if (!m_template->copyTo(*scenario) || !scenario->startGateway())
            qFatal("%s: %s", qPrintable(name), qPrintable(scenario->lastError()));
        return scenario;
    }

    // The end state: served data is one of the two wholes; the original's
    // bytes exist; nothing of the restore is left in flight.
    Ending verifyEnding(RestoreScenario &scenario, const QString &context)
    {
        const ServedState served = scenario.served();
        Ending ending = Ending::Original;
        if (served == m_original)
            ending = Ending::Original;
        else if (served == m_backup)
            ending = Ending::Restored;
        else
            qFatal("%s: the gateway serves a mixture or nothing: %s (%s)", qPrintable(context), qPrintable(served.describe()),
                   qPrintable(scenario.lastError()));
        if (!scenario.stopAnyGateway())
            qFatal("%s: %s", qPrintable(context), qPrintable(scenario.lastError()));
        const QDir db(scenario.dir() + QStringLiteral("/db"));
        if (QFileInfo::exists(scenario.database() + QStringLiteral(".restore-journal.json")))
            qFatal("%s: the journal remains", qPrintable(context));
        if (!db.entryList({QStringLiteral("*.partial")}, QDir::Files | QDir::Hidden).isEmpty())
            qFatal("%s: a temporary copy remains", qPrintable(context));
        if (ending == Ending::Original) {
            if (RestoreScenario::sha256Of(scenario.database()) != m_originalSha)
                qFatal("%s: the original database is served but its bytes changed", qPrintable(context));
        } else {
            bool kept = false;
            for (const QString &name : db.entryList({QStringLiteral("aegisagent.db.bad-*")}, QDir::Files))
                kept = kept || RestoreScenario::sha256Of(db.filePath(name)) == m_originalSha;
            if (!kept)
                qFatal("%s: restored, but the original's bytes are nowhere", qPrintable(context));
        }
        return ending;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_template = std::make_unique<RestoreScenario>(QStringLiteral("template"));
        QVERIFY2(m_template->startGateway(), qPrintable(m_template->lastError()));
        QVERIFY2(m_template->addEvidence(3), qPrintable(m_template->lastError()));
        QVERIFY2(m_template->takeBackup(QStringLiteral("b.db")), qPrintable(m_template->lastError()));
        QVERIFY2(m_template->addEvidence(2), qPrintable(m_template->lastError()));
        m_original = m_template->served();
        m_backup = m_template->manifestState();
        QVERIFY(m_original.valid() && m_backup.valid() && !(m_original == m_backup));
        QCOMPARE(m_template->gateway().stop(SIGTERM), 0);
        m_originalSha = RestoreScenario::sha256Of(m_template->database());
        QVERIFY(!QFileInfo::exists(m_template->database() + QStringLiteral("-wal")));
    }

    void killedAtEveryPoint()
    {
        QSet<int> endings;
        int points = 0;
        for (int n = 1;; ++n) {
            for (const bool rollback : {false, true}) {
                const QString context = QStringLiteral("killed before effectful operation #%1, then --resume%2")
                                            .arg(n)
                                            .arg(rollback ? QStringLiteral(" --rollback") : QString());
                auto scenario = fresh(QStringLiteral("kill-%1-%2").arg(n).arg(rollback ? QStringLiteral("rollback") : QStringLiteral("resume")));
                QVERIFY2(scenario->served() == m_original, qPrintable(context));
                const RestoreScenario::Run killed = scenario->run(helper(), QStringList{QStringLiteral("--crash-at"), QString::number(n), QStringLiteral("--")}
                                                                                 + scenario->restoreArguments()
                                                                                 + QStringList{QStringLiteral("--backup"), scenario->backup(), QStringLiteral("--yes")});
                if (killed.exitCode == 0) {
                    // Beyond the last operation: the restore simply completed.
                    QVERIFY2(n > 15, qPrintable(killed.output));
                    verifyEnding(*scenario, context);
                    QVERIFY2(points > 15, "every step was interrupted at least once");
                    QVERIFY2(endings.size() == 2, "both endings were reached");
                    return;
                }
                QVERIFY2(killed.exitCode == 86, qPrintable(context + QStringLiteral("\n") + killed.output));
                QStringList resumeArguments{QStringLiteral("--resume"), QStringLiteral("--yes")};
                if (rollback)
                    resumeArguments << QStringLiteral("--rollback");
                RestoreScenario::Run resumed = scenario->run(RestoreScenario::restoreBinary(), resumeArguments + scenario->restoreArguments());
                if (rollback && resumed.exitCode == 64) {
                    // Verified before the kill: only finishing is allowed.
                    QVERIFY2(resumed.output.contains(QStringLiteral("can only finish")), qPrintable(resumed.output));
                    resumed = scenario->run(RestoreScenario::restoreBinary(),
                                            QStringList{QStringLiteral("--resume"), QStringLiteral("--yes")} + scenario->restoreArguments());
                }
                QVERIFY2(resumed.exitCode == 0 || resumed.exitCode == 1,
                         qPrintable(context + QStringLiteral("\n") + killed.output + QStringLiteral("\n----\n") + resumed.output));
                const Ending ending = verifyEnding(*scenario, context + QStringLiteral("\n") + resumed.output);
                if (rollback && resumed.output.contains(QStringLiteral("Choice: roll back")))
                    QVERIFY2(ending == Ending::Original, qPrintable(context));
                if (resumed.exitCode == 1)
                    QVERIFY2(ending == Ending::Original, qPrintable(context));
                endings.insert(int(ending));
            }
            ++points;
        }
    }

    void injectedFailuresRollBack_data()
    {
        QTest::addColumn<QStringList>("faults");
        QTest::addColumn<QString>("step");
        QTest::newRow("the copy fails") << QStringList{QStringLiteral("--fail"), QStringLiteral("copy:1")} << QStringLiteral("copy");
        QTest::newRow("the rename into place fails") << QStringList{QStringLiteral("--fail"), QStringLiteral("rename:2")} << QStringLiteral("copy");
        QTest::newRow("the copy on disk differs") << QStringList{QStringLiteral("--lie-hash"), QStringLiteral("3")} << QStringLiteral("copy");
        QTest::newRow("the owner cannot be set") << QStringList{QStringLiteral("--fail"), QStringLiteral("chown:1")} << QStringLiteral("copy");
        QTest::newRow("the journal cannot be written") << QStringList{QStringLiteral("--fail"), QStringLiteral("write:5")} << QStringLiteral("start");
        QTest::newRow("the move aside fails") << QStringList{QStringLiteral("--fail"), QStringLiteral("rename:1")} << QStringLiteral("move_aside");
    }

    void injectedFailuresRollBack()
    {
        QFETCH(QStringList, faults);
        QFETCH(QString, step);
        auto scenario = fresh(QStringLiteral("fail-") + QString::fromLatin1(QTest::currentDataTag()));
        const RestoreScenario::Run run = scenario->run(helper(), faults + QStringList{QStringLiteral("--")} + scenario->restoreArguments()
                                                                    + QStringList{QStringLiteral("--backup"), scenario->backup(), QStringLiteral("--yes"),
                                                                                  QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 1, qPrintable(run.output));
        QVERIFY2(run.output.contains(QStringLiteral("\"failed_step\": \"%1\"").arg(step)), qPrintable(run.output));
        QVERIFY2(verifyEnding(*scenario, QString::fromLatin1(QTest::currentDataTag())) == Ending::Original, qPrintable(run.output));
    }
};

QTEST_GUILESS_MAIN(RestoreCrashTest)
#include "RestoreCrashTest.moc"
