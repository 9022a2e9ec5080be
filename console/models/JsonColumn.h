#pragma once

#include "console/util/StatusColors.h"

#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>

namespace aegis::console {

// One column of a table of JSON objects: its title, the text of a cell,
// and optionally a status that colours it.
struct JsonColumn
{
    QString title;
    std::function<QString(const QJsonObject &)> text;
    std::function<std::optional<StatusColors::Status>(const QJsonObject &)> status;

    // The member `key` as text ("—" when null or absent).
    static JsonColumn field(const QString &title, const QString &key);
};

} // namespace aegis::console
