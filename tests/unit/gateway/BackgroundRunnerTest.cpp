// The runner's admission and order, with work held by gates the test opens.
#include "gateway/http/BackgroundRunner.h"

#include <QMutex>
#include <QSemaphore>
#include <QStringList>
#include <QtTest>

using namespace aegis;

namespace {

// What ran, in order, from any thread.
class RunLog
{
public:
    void add(const QString &name)
    {
        QMutexLocker lock(&m_mutex);
        m_names.append(name);
    }
    QStringList names() const
    {
        QMutexLocker lock(&m_mutex);
        return m_names;
    }

private:
    mutable QMutex m_mutex;
    QStringList m_names;
};

} // namespace

class BackgroundRunnerTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fullQueueRefusesAndHigherKindsGoFirst()
    {
        BackgroundRunner runner(1, 1);
        RunLog log;
        QSemaphore started;
        QSemaphore gate;
        QVERIFY(runner.run(WorkKind::Agent, [&](const CancellationToken &) {
            started.release();
            gate.acquire();
            log.add(QStringLiteral("blocker"));
        }));
        QVERIFY(started.tryAcquire(1, 30000));
        auto record = [&log](const QString &name) { return [&log, name](const CancellationToken &) { log.add(name); }; };
        QVERIFY(runner.run(WorkKind::Agent, record(QStringLiteral("agent"))));
        // The agent queue holds one: the next agent job is refused ...
        QVERIFY(!runner.run(WorkKind::Agent, record(QStringLiteral("refused"))));
        QCOMPARE(runner.refused(WorkKind::Agent), quint64(1));
        // ... and an operator's are not: each kind has its own queue.
        QVERIFY(runner.run(WorkKind::Admin, record(QStringLiteral("admin"))));
        QVERIFY(runner.run(WorkKind::Backup, record(QStringLiteral("backup"))));
        QCOMPARE(runner.waiting(WorkKind::Agent), 1);
        QCOMPARE(runner.active(), 4);

        gate.release();
        QTRY_COMPARE(runner.active(), 0);
        QCOMPARE(log.names(), (QStringList{QStringLiteral("blocker"), QStringLiteral("backup"), QStringLiteral("admin"),
                                           QStringLiteral("agent")}));
        QVERIFY(runner.run(WorkKind::Agent, record(QStringLiteral("again"))));
        QTRY_COMPARE(runner.active(), 0);
    }

    void agentsNeverTakeTheLastWorker()
    {
        BackgroundRunner runner(2, 4);
        QSemaphore started;
        QSemaphore gate;
        QVERIFY(runner.run(WorkKind::Agent, [&](const CancellationToken &) {
            started.release();
            gate.acquire();
        }));
        QVERIFY(started.tryAcquire(1, 30000));
        std::atomic<bool> agentRan{false};
        QVERIFY(runner.run(WorkKind::Agent, [&](const CancellationToken &) { agentRan = true; }));
        // The second worker is free, and stays free for the operator.
        QSemaphore backupDone;
        QVERIFY(runner.run(WorkKind::Backup, [&](const CancellationToken &) { backupDone.release(); }));
        QVERIFY(backupDone.tryAcquire(1, 30000));
        QCOMPARE(runner.waiting(WorkKind::Agent), 1);
        QVERIFY(!agentRan);
        gate.release();
        QTRY_VERIFY(agentRan);
    }

    void shutdownRunsWhatWaitsAsCancelledAndRefusesMore()
    {
        BackgroundRunner runner(1, 4);
        QSemaphore started;
        QSemaphore gate;
        QVERIFY(runner.run(WorkKind::Backup, [&](const CancellationToken &) {
            started.release();
            gate.acquire();
        }));
        QVERIFY(started.tryAcquire(1, 30000));
        std::atomic<bool> sawCancelled{false};
        QVERIFY(runner.run(WorkKind::Agent, [&](const CancellationToken &cancel) { sawCancelled = cancel.isCancelled(); }));
        QVERIFY(!runner.shutdown(50)); // the first job still holds its worker
        QVERIFY(!runner.run(WorkKind::Backup, [](const CancellationToken &) {}));
        gate.release();
        QVERIFY(runner.shutdown(-1));
        QVERIFY(sawCancelled);
        QCOMPARE(runner.active(), 0);
    }
};

QTEST_GUILESS_MAIN(BackgroundRunnerTest)
#include "BackgroundRunnerTest.moc"
