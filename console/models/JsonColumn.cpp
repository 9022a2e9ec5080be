#include "console/models/JsonColumn.h"

#include "console/util/Format.h"

namespace aegis::console {

JsonColumn JsonColumn::field(const QString &title, const QString &key)
{
    return {title, [key](const QJsonObject &row) { return Format::value(row.value(key)); }, {}};
}

JsonColumn JsonColumn::time(const QString &title, const QString &key)
{
    return {title, [key](const QJsonObject &row) { return Format::localTime(row.value(key).toString()); }, {},
        [key](const QJsonObject &row) { return Format::utcTime(row.value(key).toString()); }};
}

} // namespace aegis::console
