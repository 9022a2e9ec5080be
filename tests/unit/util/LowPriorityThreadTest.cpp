// A backup runs at a lower priority than the authorizations served
// meanwhile: the work, and every thread it starts, runs niced; the thread
// that asked keeps its priority (an unprivileged process could not raise
// it back, so a pooled thread must never be the one lowered).
#include "common/util/LowPriorityThread.h"

#include <QtTest>

#include <future>

using namespace aegis;

class LowPriorityThreadTest : public QObject
{
    Q_OBJECT

private slots:
    void workRunsNicedAndTheCallerDoesNot()
    {
        const int before = LowPriorityThread::currentNice();
        if (before > 19 - LowPriorityThread::DefaultIncrement)
            QSKIP("the test process is already niced too far to see a difference");
        int inWork = before;
        int inChild = before;
        bool ran = false;
        LowPriorityThread::run([&] {
            ran = true;
            inWork = LowPriorityThread::currentNice();
            inChild = std::async(std::launch::async, [] { return LowPriorityThread::currentNice(); }).get();
        });
        QVERIFY(ran);
        QCOMPARE(inWork, before + LowPriorityThread::DefaultIncrement);
        QCOMPARE(inChild, inWork);
        QCOMPARE(LowPriorityThread::currentNice(), before);
    }

    void niceStopsAtTheLowestPriority()
    {
        int inWork = -100;
        LowPriorityThread::run([&] { inWork = LowPriorityThread::currentNice(); }, 40);
        QCOMPARE(inWork, 19);
    }
};

QTEST_GUILESS_MAIN(LowPriorityThreadTest)
#include "LowPriorityThreadTest.moc"
