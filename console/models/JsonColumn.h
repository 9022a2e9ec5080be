#pragma once

#include "console/util/StatusColors.h"

#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>

namespace aegis::console {

// One column of a table of JSON objects: its title, the text of a cell,
// optionally a status that colours it and a tooltip other than the text.
struct JsonColumn
{
    QString title;
    std::function<QString(const QJsonObject &)> text;
    std::function<std::optional<StatusColors::Status>(const QJsonObject &)> status;
    std::function<QString(const QJsonObject &)> toolTip = {};

    // The member `key` as text ("—" when null or absent).
    static JsonColumn field(const QString &title, const QString &key);
    // The RFC 3339 time in `key` in local time with its zone, and in UTC
    // in its tooltip.
    static JsonColumn time(const QString &title, const QString &key);
};

} // namespace aegis::console
