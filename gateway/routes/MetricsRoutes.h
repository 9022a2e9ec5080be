#pragma once

namespace aegis {

class Router;
struct GatewayContext;

// GET /metrics (admin): Prometheus text format.
class MetricsRoutes
{
public:
    static void registerOn(Router &router, GatewayContext &context);
};

} // namespace aegis
