#pragma once

namespace aegis {

class Router;
struct GatewayContext;

// GET /v1/admin/summary: what the console's overview and a restore's spot
// check need in one answer (counts, chain heads, last backup, last chain
// verification).
class SummaryRoutes
{
public:
    static void registerOn(Router &router, GatewayContext &context);
};

} // namespace aegis
