#include "common/util/LogThrottle.h"

#include "tests/unit/restore/support/FakeClock.h"

#include <QtTest>

using namespace aegis;
using namespace std::chrono_literals;

class LogThrottleTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aRepeatedMessageIsLoggedOncePerIntervalWithItsCount()
    {
        test::FakeClock clock;
        LogThrottle throttle(10s, &clock);
        quint64 suppressed = 99;
        QVERIFY(throttle.admit(QStringLiteral("disk full"), &suppressed));
        QCOMPARE(suppressed, quint64(0));
        for (int i = 0; i < 1000; ++i)
            QVERIFY(!throttle.admit(QStringLiteral("disk full"), &suppressed));
        clock.advance(9999ms);
        QVERIFY(!throttle.admit(QStringLiteral("disk full"), &suppressed));
        clock.advance(1ms);
        QVERIFY(throttle.admit(QStringLiteral("disk full"), &suppressed));
        QCOMPARE(suppressed, quint64(1001));
        QVERIFY(!throttle.admit(QStringLiteral("disk full"), &suppressed));
    }

    void differentMessagesAreCountedApart()
    {
        test::FakeClock clock;
        LogThrottle throttle(10s, &clock);
        quint64 suppressed = 0;
        QVERIFY(throttle.admit(QStringLiteral("a"), &suppressed));
        QVERIFY(throttle.admit(QStringLiteral("b"), &suppressed));
        QVERIFY(!throttle.admit(QStringLiteral("a"), &suppressed));
        clock.advance(10s);
        QVERIFY(throttle.admit(QStringLiteral("b"), &suppressed));
        QCOMPARE(suppressed, quint64(0));
        QVERIFY(throttle.admit(QStringLiteral("a"), &suppressed));
        QCOMPARE(suppressed, quint64(1));
    }

    void aFloodOfDistinctMessagesStaysBounded()
    {
        test::FakeClock clock;
        LogThrottle throttle(10s, &clock);
        quint64 suppressed = 0;
        // Every distinct message passes once; memory is bounded by starting over.
        for (int i = 0; i < 10000; ++i)
            QVERIFY(throttle.admit(QStringLiteral("message %1").arg(i), &suppressed));
    }
};

QTEST_GUILESS_MAIN(LogThrottleTest)
#include "LogThrottleTest.moc"
