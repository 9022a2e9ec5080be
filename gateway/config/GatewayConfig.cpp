#include "gateway/config/GatewayConfig.h"

#include <QDir>
#include <QFileInfo>

namespace aegis {

QString GatewayConfig::resolvedAdminTokenFile() const
{
    if (!adminTokenFile.isEmpty())
        return adminTokenFile;
    return QFileInfo(databasePath).dir().filePath(QStringLiteral("admin.token"));
}

} // namespace aegis
