#include "common/util/Timestamp.h"

#include <QRegularExpression>

#include <chrono>

namespace aegis::Timestamp {

namespace {

QString withFraction(const QDateTime &time, int digits, qint64 fraction)
{
    const QDateTime utc = time.toUTC();
    QString text = utc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss"));
    if (digits > 0)
        text += QLatin1Char('.') + QString::number(fraction).rightJustified(digits, QLatin1Char('0'));
    return text + QLatin1Char('Z');
}

} // namespace

QString micros(const QDateTime &time)
{
    // QDateTime keeps milliseconds only; the microsecond digits are the
    // milliseconds padded, which still round-trips through parse().
    return withFraction(time, 6, qint64(time.toUTC().time().msec()) * 1000);
}

QString millis(const QDateTime &time)
{
    return withFraction(time, 3, time.toUTC().time().msec());
}

QString seconds(const QDateTime &time)
{
    return withFraction(time, 0, 0);
}

QString compact(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyyMMddTHHmmss")) + QLatin1Char('Z');
}

QDateTime parseCompact(const QString &text)
{
    if (text.size() != 16 || text.at(8) != QLatin1Char('T') || !text.endsWith(QLatin1Char('Z')))
        return {};
    // Date and time apart: as one local QDateTime, a time in a daylight
    // saving gap would not exist.
    const QDate date = QDate::fromString(text.left(8), QStringLiteral("yyyyMMdd"));
    const QTime time = QTime::fromString(text.mid(9, 6), QStringLiteral("HHmmss"));
    if (!date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, Qt::UTC);
}

QString nowMicros()
{
    using namespace std::chrono;
    const auto sinceEpoch = duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
    const QDateTime whole = QDateTime::fromSecsSinceEpoch(sinceEpoch / 1000000, Qt::UTC);
    return withFraction(whole, 6, sinceEpoch % 1000000);
}

QDateTime parse(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral(
        R"(^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$)"));
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return {};
    const QDate date(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
    int msec = 0;
    if (!m.captured(7).isEmpty())
        msec = m.captured(7).left(3).leftJustified(3, QLatin1Char('0')).toInt();
    const QTime clock(m.captured(4).toInt(), m.captured(5).toInt(), m.captured(6).toInt(), msec);
    if (!date.isValid() || !clock.isValid())
        return {};
    int offsetSeconds = 0;
    const QString zone = m.captured(8);
    if (zone.size() == 6) {
        offsetSeconds = (zone.mid(1, 2).toInt() * 60 + zone.mid(4, 2).toInt()) * 60;
        if (zone.startsWith(QLatin1Char('-')))
            offsetSeconds = -offsetSeconds;
    }
    return QDateTime(date, clock, Qt::OffsetFromUTC, offsetSeconds).toUTC();
}

} // namespace aegis::Timestamp
