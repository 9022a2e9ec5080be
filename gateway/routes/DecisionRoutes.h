#pragma once

namespace aegis {

class Router;
struct GatewayContext;

// GET /v1/decisions and /v1/decisions/{id}.
class DecisionRoutes
{
public:
    static void registerOn(Router &router, GatewayContext &context);
};

} // namespace aegis
