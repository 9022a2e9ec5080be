#include "console/drill/DrillHistoryLocation.h"

#include "console/connection/ConnectionProfile.h"

#include <QDir>
#include <QStandardPaths>

namespace aegis::console {

QString DrillHistoryLocation::forProfile(const ConnectionProfile &profile)
{
    if (!profile.backupDirectory.trimmed().isEmpty())
        return QDir(profile.backupDirectory.trimmed()).filePath(QStringLiteral("drills"));
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
        .filePath(QStringLiteral("drills/%1").arg(profile.id.isEmpty() ? QStringLiteral("default") : profile.id));
}

} // namespace aegis::console
