#pragma once

namespace aegis {

class Router;
struct GatewayContext;

// Agents: registration (and token rotation), listing, status changes.
class AgentRoutes
{
public:
    static void registerOn(Router &router, GatewayContext &context);
};

} // namespace aegis
