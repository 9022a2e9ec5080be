#include "console/util/Format.h"

#include "common/util/Timestamp.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

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
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString Format::age(qint64 seconds)
{
    if (seconds < 0)
        seconds = 0;
    if (seconds < 60)
        return tr("just now");
    if (seconds < 3600)
        return tr("%n min", nullptr, int(seconds / 60));
    if (seconds < 2 * 86400)
        return tr("%n h", nullptr, int(seconds / 3600));
    return tr("%n d", nullptr, int(seconds / 86400));
}

QString Format::ageSince(const QString &rfc3339, const QDateTime &now)
{
    const QDateTime time = Timestamp::parse(rfc3339);
    if (!time.isValid())
        return unknown();
    return age(time.secsTo(now));
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
