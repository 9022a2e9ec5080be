#include "console/util/Format.h"

#include "common/util/Timestamp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>

namespace aegis::console {

QString Format::bytes(qint64 bytes)
{
    if (bytes < 0)
        return unknown();
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeIecFormat);
}

QString Format::localTime(const QString &rfc3339)
{
    if (rfc3339.isEmpty())
        return unknown();
    const QDateTime time = Timestamp::parse(rfc3339);
    if (!time.isValid())
        return rfc3339;
    return localTime(time);
}

QString Format::localTime(const QDateTime &time)
{
    if (!time.isValid())
        return unknown();
    const QDateTime local = time.toLocalTime();
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QLatin1Char(' ') + zone(local);
}

QString Format::utcTime(const QString &rfc3339)
{
    if (rfc3339.isEmpty())
        return unknown();
    const QDateTime time = Timestamp::parse(rfc3339);
    if (!time.isValid())
        return rfc3339;
    return utcTime(time);
}

QString Format::utcTime(const QDateTime &time)
{
    if (!time.isValid())
        return unknown();
    return Timestamp::seconds(time);
}

QString Format::zone(const QDateTime &time)
{
    const QDateTime local = time.toLocalTime();
    const QString abbreviation = local.timeZoneAbbreviation();
    // tzdata writes zones without a name as "+0545"; Windows gives long
    // names ("W. Europe Standard Time"): both read better as an offset.
    static const QRegularExpression readable(QStringLiteral("^[A-Z]{2,5}$"));
    if (readable.match(abbreviation).hasMatch())
        return abbreviation;
    const int offset = local.offsetFromUtc();
    const int minutes = qAbs(offset) / 60;
    return QStringLiteral("UTC%1%2:%3")
        .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
        .arg(minutes / 60, 2, 10, QLatin1Char('0'))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QString Format::age(qint64 seconds)
{
    if (seconds < 0)
        seconds = 0;
    if (seconds < 60)
        return tr("< 1 min");
    if (seconds < 3600)
        return tr("%n min", nullptr, int(seconds / 60));
    if (seconds < 2 * 86400)
        return tr("%n h", nullptr, int(seconds / 3600));
    return tr("%n d", nullptr, int(seconds / 86400));
}

QString Format::ago(qint64 seconds)
{
    // A minute of clock difference between the gateway and this machine
    // is not "in the future".
    if (seconds <= -60)
        return tr("in %1").arg(age(-seconds));
    if (seconds < 60)
        return tr("just now");
    return tr("%1 ago").arg(age(seconds));
}

QString Format::ageSince(const QString &rfc3339, const QDateTime &now)
{
    const QDateTime time = Timestamp::parse(rfc3339);
    if (!time.isValid())
        return unknown();
    return ago(time.secsTo(now));
}

QString Format::timeAndAge(const QString &rfc3339, const QDateTime &now)
{
    const QDateTime time = Timestamp::parse(rfc3339);
    if (!time.isValid())
        return localTime(rfc3339);
    return tr("%1 (%2)").arg(localTime(time), ago(time.secsTo(now)));
}

QString Format::timeAndAge(const QString &rfc3339, qint64 ageSeconds)
{
    if (ageSeconds < 0 || !Timestamp::parse(rfc3339).isValid())
        return localTime(rfc3339);
    return tr("%1 (%2)").arg(localTime(rfc3339), ago(ageSeconds));
}

QString Format::shortHash(const QString &hash)
{
    if (hash.isEmpty())
        return tr("(genesis)");
    return hash.left(12);
}

QString Format::value(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return unknown();
    case QJsonValue::Bool:
        return value.toBool() ? tr("yes") : tr("no");
    case QJsonValue::Double: {
        const double number = value.toDouble();
        if (number == double(qint64(number)))
            return QString::number(qint64(number));
        return QString::number(number);
    }
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    }
    return unknown();
}

QString Format::unknown()
{
    return QStringLiteral("—");
}

} // namespace aegis::console
