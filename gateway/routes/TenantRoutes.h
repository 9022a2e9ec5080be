#pragma once

namespace aegis {

class Router;
struct GatewayContext;

// POST and GET /v1/tenants (admin).
class TenantRoutes
{
public:
    static void registerOn(Router &router, GatewayContext &context);
};

} // namespace aegis
