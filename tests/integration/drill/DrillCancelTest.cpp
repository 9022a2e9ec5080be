// A drill cancelled at each of its steps, in-process against the real
// gateway: it ends at that step, stops its throwaway gateway (no process
// left), removes its scratch directory, and production keeps its process.
#include "tests/integration/restore/RestoreScenario.h"

#include "common/drill/DrillObserver.h"
#include "common/drill/DrillRunner.h"
#include "common/util/ProcessState.h"

#include <QDir>
#include <QFile>
#include <QtTest>

using namespace aegis;
using namespace aegis::test;

namespace {

// Cancels the drill the moment the chosen step starts.
class CancelAt : public DrillObserver
{
public:
    explicit CancelAt(DrillStep step) : m_step(step) {}
    void setRunner(DrillRunner *runner) { m_runner = runner; }
    void stepStarted(DrillStep step) override
    {
        if (step == m_step && m_runner)
            m_runner->cancel();
    }

private:
    DrillStep m_step;
    DrillRunner *m_runner = nullptr;
};

} // namespace

class DrillCancelTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<RestoreScenario> m_scenario;

private Q_SLOTS:
    void initTestCase()
    {
        m_scenario = std::make_unique<RestoreScenario>(QStringLiteral("drill-cancel"));
        QVERIFY2(m_scenario->startGateway(), qPrintable(m_scenario->lastError()));
        QVERIFY2(m_scenario->addEvidence(2), qPrintable(m_scenario->lastError()));
        QVERIFY2(m_scenario->takeBackup(QStringLiteral("chosen.db")), qPrintable(m_scenario->lastError()));
    }

    void cleansUpWhenCancelled_data()
    {
        QTest::addColumn<int>("step");
        for (DrillStep step : DrillSteps::all()) {
            if (step == DrillStep::StopGateway || step == DrillStep::Cleanup)
                continue; // never cancelled: they are the clean-up
            QTest::newRow(qPrintable(DrillSteps::id(step))) << int(step);
        }
    }

    void cleansUpWhenCancelled()
    {
        QFETCH(int, step);
        const DrillStep target = DrillStep(step);
        const QString scratch = m_scenario->dir() + QStringLiteral("/scratch-") + DrillSteps::id(target);
        QVERIFY(QDir().mkpath(scratch));
        const qint64 production = m_scenario->gateway().pid();

        QFile token(m_scenario->tokenFile());
        QVERIFY(token.open(QIODevice::ReadOnly));
        DrillOptions options;
        options.production.baseUrl = QUrl(m_scenario->url());
        options.production.token = token.readAll().trimmed();
        options.backup = BackupSource::parse(QStringLiteral("chosen.db"));
        options.gatewayBinary = RestoreScenario::gatewayBinary();
        options.scratchParent = scratch;
        options.readyTimeout = std::chrono::seconds(90);

        CancelAt observer(target);
        DrillRunner::Dependencies dependencies;
        dependencies.observer = &observer;
        DrillRunner runner(options, dependencies);
        observer.setRunner(&runner);
        const DrillReport report = runner.run();

        QCOMPARE(report.outcome, DrillReport::Outcome::Cancelled);
        QCOMPARE(report.failure, DrillFailure::Cancelled);
        QVERIFY(report.failedStep.has_value());
        QCOMPARE(DrillSteps::id(*report.failedStep), DrillSteps::id(target));
        QCOMPARE(report.record(target)->outcome, DrillStepRecord::Outcome::Cancelled);
        // Every later step of the drill proper was not reached...
        for (const DrillStepRecord &record : report.steps) {
            if (record.step > target && record.step < DrillStep::StopGateway)
                QCOMPARE(record.outcome, DrillStepRecord::Outcome::Skipped);
        }
        // ...and the clean-up ran and proved itself.
        QCOMPARE(report.record(DrillStep::StopGateway)->outcome, DrillStepRecord::Outcome::Passed);
        QCOMPARE(report.record(DrillStep::Cleanup)->outcome, DrillStepRecord::Outcome::Passed);
        QVERIFY2(QDir(scratch).entryList(QDir::AllEntries | QDir::NoDotAndDotDot | QDir::Hidden).isEmpty(),
                 qPrintable(QDir(scratch).entryList(QDir::AllEntries | QDir::NoDotAndDotDot).join(QLatin1Char(' '))));
        if (target >= DrillStep::StartGateway)
            QVERIFY(report.throwawayPid > 0);
        if (report.throwawayPid > 0)
            QVERIFY2(ProcessState::of(report.throwawayPid) != ProcessState::State::Running, qPrintable(ProcessState::describe(report.throwawayPid)));
        QCOMPARE(m_scenario->gateway().pid(), production);
        QVERIFY(m_scenario->gateway().isRunning());
    }
};

QTEST_GUILESS_MAIN(DrillCancelTest)
#include "DrillCancelTest.moc"
