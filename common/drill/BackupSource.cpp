#include "common/drill/BackupSource.h"

#include <QFileInfo>

namespace aegis {

BackupSource BackupSource::parse(const QString &text)
{
    if (text.isEmpty() || text == QLatin1String("fresh"))
        return {Kind::Fresh, {}};
    if (text == QLatin1String("latest"))
        return {Kind::Latest, {}};
    // A catalog name is bare (API.md); anything with a slash, or a file that
    // exists here, is a path.
    if (text.contains(QLatin1Char('/')) || QFileInfo(text).isFile())
        return {Kind::File, QFileInfo(text).absoluteFilePath()};
    return {Kind::Named, text};
}

QString BackupSource::kindId(Kind kind)
{
    switch (kind) {
    case Kind::Fresh: return QStringLiteral("fresh");
    case Kind::Latest: return QStringLiteral("latest");
    case Kind::Named: return QStringLiteral("named");
    case Kind::File: return QStringLiteral("file");
    }
    return {};
}

} // namespace aegis
