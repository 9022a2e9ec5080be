#pragma once

namespace aegis {

class Router;
struct GatewayContext;

// GET and PUT /v1/policies?tenant_id= (admin).
class PolicyRoutes
{
public:
    static void registerOn(Router &router, GatewayContext &context);
};

} // namespace aegis
