#include "gateway/authz/TimeOrderedUuid.h"

#include <QDateTime>
#include <QDeadlineTimer>
#include <QSet>
#include <QUuid>
#include <QtTest>

using namespace aegis;

class TimeOrderedUuidTest : public QObject
{
    Q_OBJECT

private:
    // The 48-bit Unix time in milliseconds that starts a version 7 UUID.
    static qint64 millisOf(const QString &text)
    {
        const QByteArray bytes = QUuid::fromString(text).toRfc4122();
        qint64 ms = 0;
        for (int i = 0; i < 6; ++i)
            ms = (ms << 8) | quint8(bytes.at(i));
        return ms;
    }

private Q_SLOTS:
    void isAVersion7Uuid()
    {
        for (int i = 0; i < 1000; ++i) {
            const QString text = TimeOrderedUuid::generate();
            QCOMPARE(text.size(), 36);
            QCOMPARE(text, text.toLower());
            const QUuid uuid = QUuid::fromString(text);
            QVERIFY2(!uuid.isNull(), qPrintable(text));
            // QUuid::version() of Qt 6.4 knows versions 1 to 5 only.
            QCOMPARE(uuid.data3 >> 12, 7);
            QCOMPARE(uuid.variant(), QUuid::DCE); // the RFC 9562 variant, bits 10
            QCOMPARE(text.at(14), QLatin1Char('7'));
        }
    }

    void startsWithTheTimeItWasMade()
    {
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const QString id = TimeOrderedUuid::generate();
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        QVERIFY2(before <= millisOf(id) && millisOf(id) <= after, qPrintable(id));
    }

    // What the decision-id index relies on: a later id never sorts before an
    // earlier one's millisecond, and ids of different milliseconds sort as
    // their times do, as text too.
    void sortsByTime()
    {
        QString previous = TimeOrderedUuid::generate();
        int millisecondsCrossed = 0;
        const QDeadlineTimer enough(2000);
        while (millisecondsCrossed < 5 && !enough.hasExpired()) {
            const QString next = TimeOrderedUuid::generate();
            QVERIFY2(millisOf(next) >= millisOf(previous), qPrintable(previous + QStringLiteral(" then ") + next));
            if (millisOf(next) > millisOf(previous)) {
                ++millisecondsCrossed;
                QVERIFY2(next > previous, qPrintable(previous + QStringLiteral(" then ") + next));
            }
            previous = next;
        }
        QCOMPARE(millisecondsCrossed, 5);
    }

    void isUnique()
    {
        // Thousands in the same few milliseconds: the random bits tell them apart.
        QSet<QString> seen;
        for (int i = 0; i < 20000; ++i) {
            const QString id = TimeOrderedUuid::generate();
            QVERIFY2(!seen.contains(id), qPrintable(id));
            seen.insert(id);
        }
    }
};

QTEST_GUILESS_MAIN(TimeOrderedUuidTest)
#include "TimeOrderedUuidTest.moc"
