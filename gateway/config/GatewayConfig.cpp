#include "gateway/config/GatewayConfig.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>

namespace aegis {

QString GatewayConfig::resolvedAdminTokenFile() const
{
    if (!adminTokenFile.isEmpty())
        return adminTokenFile;
    return QFileInfo(databasePath).dir().filePath(QStringLiteral("admin.token"));
}

int GatewayConfig::effectiveMaxConnectionsPerClient() const
{
    // A quarter: one address cannot take the server, yet a few busy
    // clients behind one NAT are not throttled at the default cap.
    if (maxConnectionsPerClient > 0)
        return maxConnectionsPerClient;
    return std::max(1, maxConnections / 4);
}

} // namespace aegis
