#include "common/util/Timestamp.h"

#include <QRegularExpression>
#include <QtTest>

using namespace aegis;

class TimestampTest : public QObject
{
    Q_OBJECT

private:
    // 2026-11-26 09:30:05.042 UTC, given in another zone: every format
    // speaks UTC whatever the input's zone.
    static QDateTime sample()
    {
        return QDateTime(QDate(2026, 11, 26), QTime(11, 30, 5, 42), Qt::OffsetFromUTC, 2 * 3600);
    }

private Q_SLOTS:
    void formatsSpeakUtcInTheirPrecision()
    {
        QCOMPARE(Timestamp::micros(sample()), QStringLiteral("2026-11-26T09:30:05.042000Z"));
        QCOMPARE(Timestamp::millis(sample()), QStringLiteral("2026-11-26T09:30:05.042Z"));
        QCOMPARE(Timestamp::seconds(sample()), QStringLiteral("2026-11-26T09:30:05Z"));
        QCOMPARE(Timestamp::compact(sample()), QStringLiteral("20261126T093005Z"));
    }

    void smallFractionsKeepTheirLeadingZeros()
    {
        const QDateTime time(QDate(2026, 1, 2), QTime(3, 4, 5, 7), Qt::UTC);
        QCOMPARE(Timestamp::millis(time), QStringLiteral("2026-01-02T03:04:05.007Z"));
        QCOMPARE(Timestamp::micros(time), QStringLiteral("2026-01-02T03:04:05.007000Z"));
    }

    // File names made with compact() sort as their times do.
    void compactSortsAsTimeDoes()
    {
        const QDateTime early(QDate(2026, 9, 30), QTime(23, 59, 59), Qt::UTC);
        const QDateTime late(QDate(2026, 10, 1), QTime(0, 0, 0), Qt::UTC);
        QVERIFY(Timestamp::compact(early) < Timestamp::compact(late));
    }

    void everyFormatReadsBack()
    {
        const QDateTime utc = sample().toUTC();
        QCOMPARE(Timestamp::parse(Timestamp::micros(utc)), utc);
        QCOMPARE(Timestamp::parse(Timestamp::millis(utc)), utc);
        QCOMPARE(Timestamp::parse(Timestamp::seconds(utc)), utc.addMSecs(-42));
    }

    void nowMicrosHasRealMicrosecondsAndIsNow()
    {
        static const QRegularExpression shape(QStringLiteral(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$)"));
        const QDateTime before = QDateTime::currentDateTimeUtc().addMSecs(-1);
        const QString now = Timestamp::nowMicros();
        const QDateTime after = QDateTime::currentDateTimeUtc().addMSecs(1);
        QVERIFY2(shape.match(now).hasMatch(), qPrintable(now));
        const QDateTime parsed = Timestamp::parse(now);
        QVERIFY2(before <= parsed && parsed <= after, qPrintable(now));
    }

    void parseAccepts_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QDateTime>("expected");
        const QDateTime base(QDate(2026, 11, 26), QTime(9, 30, 5), Qt::UTC);
        QTest::newRow("Z") << "2026-11-26T09:30:05Z" << base;
        QTest::newRow("lower case t and z") << "2026-11-26t09:30:05z" << base;
        QTest::newRow("positive offset") << "2026-11-26T11:30:05+02:00" << base;
        QTest::newRow("negative offset") << "2026-11-26T04:00:05-05:30" << base;
        QTest::newRow("one digit") << "2026-11-26T09:30:05.4Z" << base.addMSecs(400);
        QTest::newRow("nanoseconds, truncated to ms") << "2026-11-26T09:30:05.123456789Z" << base.addMSecs(123);
        QTest::newRow("leap day") << "2028-02-29T00:00:00Z" << QDateTime(QDate(2028, 2, 29), QTime(0, 0), Qt::UTC);
    }

    void parseAccepts()
    {
        QFETCH(QString, text);
        QFETCH(QDateTime, expected);
        const QDateTime parsed = Timestamp::parse(text);
        QVERIFY2(parsed.isValid(), qPrintable(text));
        QCOMPARE(parsed, expected);
        QCOMPARE(parsed.timeSpec(), Qt::UTC);
    }

    void parseRefuses_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("empty") << "";
        QTest::newRow("no zone") << "2026-11-26T09:30:05";
        QTest::newRow("space for T") << "2026-11-26 09:30:05Z";
        QTest::newRow("ten fraction digits") << "2026-11-26T09:30:05.1234567890Z";
        QTest::newRow("empty fraction") << "2026-11-26T09:30:05.Z";
        QTest::newRow("February 30") << "2026-02-30T09:30:05Z";
        QTest::newRow("hour 24") << "2026-11-26T24:00:00Z";
        QTest::newRow("offset without colon") << "2026-11-26T09:30:05+0200";
        QTest::newRow("trailing text") << "2026-11-26T09:30:05Z now";
        QTest::newRow("date only") << "2026-11-26";
    }

    void parseRefuses()
    {
        QFETCH(QString, text);
        QVERIFY2(!Timestamp::parse(text).isValid(), qPrintable(text));
    }
};

QTEST_GUILESS_MAIN(TimestampTest)
#include "TimestampTest.moc"
