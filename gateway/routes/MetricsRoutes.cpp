#include "gateway/routes/MetricsRoutes.h"

#include "gateway/app/GatewayContext.h"
#include "gateway/app/GatewayMetrics.h"
#include "gateway/auth/Authenticator.h"
#include "gateway/http/Router.h"
#include "gateway/storage/WalCheckpoints.h"

namespace aegis {

void MetricsRoutes::registerOn(Router &router, GatewayContext &context)
{
    router.add({"GET"}, QStringLiteral("/metrics"), [&context](const HttpExchange &exchange, const RouteParams &) {
        if (!context.auth.requireAdmin(exchange))
            return;
        HttpResponse response;
        response.contentType = "text/plain; version=0.0.4; charset=utf-8";
        response.body = context.metrics.render(context.uptime.elapsed() / 1000, context.openConnections(),
                                               context.wal.snapshot());
        exchange.respond(response);
    });
}

} // namespace aegis
