#pragma once

namespace aegis {

class Router;
struct GatewayContext;

// Backups (admin): take one, the catalog, download, verify, delete.
class BackupRoutes
{
public:
    static void registerOn(Router &router, GatewayContext &context);
};

} // namespace aegis
