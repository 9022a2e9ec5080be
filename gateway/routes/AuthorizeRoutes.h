#pragma once

namespace aegis {

class Router;
struct GatewayContext;

// POST /v1/authorize (agent token): decide, record decision and receipt in
// one durable transaction, then answer.
class AuthorizeRoutes
{
public:
    static void registerOn(Router &router, GatewayContext &context);
};

} // namespace aegis
