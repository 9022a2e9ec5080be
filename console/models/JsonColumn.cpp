#include "console/models/JsonColumn.h"

#include "console/util/Format.h"

namespace aegis::console {

JsonColumn JsonColumn::field(const QString &title, const QString &key)
{
    return {title, [key](const QJsonObject &row) { return Format::value(row.value(key)); }, {}};
}

} // namespace aegis::console
