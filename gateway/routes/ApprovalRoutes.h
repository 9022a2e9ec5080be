#pragma once

namespace aegis {

class Router;
struct GatewayContext;

// Human approvals of require_approval calls: read and list them; approve or
// reject (admin); consume one, exactly once, before running the call.
class ApprovalRoutes
{
public:
    static void registerOn(Router &router, GatewayContext &context);
};

} // namespace aegis
