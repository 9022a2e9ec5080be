#include "console/restore/BackupChoice.h"

#include <QFileInfo>

namespace aegis::console {

QString BackupChoice::name() const
{
    return source == Source::Catalog ? entry.value(QStringLiteral("name")).toString() : QFileInfo(filePath).fileName();
}

} // namespace aegis::console
