#pragma once

namespace aegis {

class Router;
struct GatewayContext;

// /health, /readyz, /livez and /v1/version: no credentials, no writes.
class ProbeRoutes
{
public:
    static void registerOn(Router &router, GatewayContext &context);
};

} // namespace aegis
