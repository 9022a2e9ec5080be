#include "common/util/Clock.h"

#include "tests/unit/restore/support/FakeClock.h"

#include <QtTest>

using namespace aegis;
using namespace std::chrono_literals;

class ClockTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void systemClockTellsUtcWallTime()
    {
        const QDateTime before = QDateTime::currentDateTimeUtc();
        const QDateTime now = SystemClock::instance().nowUtc();
        const QDateTime after = QDateTime::currentDateTimeUtc();
        QCOMPARE(now.timeSpec(), Qt::UTC);
        QVERIFY(before <= now && now <= after);
    }

    void systemClockMeasuresDurationsMonotonically()
    {
        SystemClock &clock = SystemClock::instance();
        qint64 last = clock.monotonicMs();
        for (int i = 0; i < 1000; ++i) {
            const qint64 next = clock.monotonicMs();
            QVERIFY(next >= last);
            last = next;
        }
        const qint64 start = clock.monotonicMs();
        clock.sleepFor(20ms);
        QVERIFY2(clock.monotonicMs() - start >= 20, "sleepFor returned before its time");
    }

    void oneSystemClockForEveryone()
    {
        QCOMPARE(&SystemClock::instance(), &SystemClock::instance());
    }

    // The fake the restore, drill, scheduler and log-throttle tests stand on:
    // it moves only when told, wall time and monotonic time together.
    void fakeClockMovesOnlyWhenTold()
    {
        test::FakeClock clock;
        const QDateTime wall = clock.nowUtc();
        const qint64 monotonic = clock.monotonicMs();
        QCOMPARE(clock.nowUtc(), wall);
        QCOMPARE(clock.monotonicMs(), monotonic);
        QCOMPARE(wall.timeSpec(), Qt::UTC);

        clock.advance(90s);
        QCOMPARE(clock.nowUtc(), wall.addSecs(90));
        QCOMPARE(clock.monotonicMs(), monotonic + 90000);

        clock.sleepFor(5min);
        QCOMPARE(clock.nowUtc(), wall.addSecs(390));
        QCOMPARE(clock.monotonicMs(), monotonic + 390000);
        QCOMPARE(clock.sleptMs(), qint64(390000));
    }
};

QTEST_GUILESS_MAIN(ClockTest)
#include "ClockTest.moc"
