#include "gateway/routes/DecisionRoutes.h"

#include "gateway/app/GatewayContext.h"
#include "gateway/auth/Authenticator.h"
#include "gateway/http/Router.h"
#include "gateway/routes/EvidenceQuery.h"

namespace aegis {

void DecisionRoutes::registerOn(Router &router, GatewayContext &context)
{
    router.add({"GET"}, QStringLiteral("/v1/decisions"), [&context](const HttpExchange &exchange, const RouteParams &) {
        if (const auto principal = context.auth.requireAny(exchange, Authenticator::FrozenAgents::OwnRecordsOnly))
            EvidenceQuery::respondWithPage(context.http, exchange, *principal, EvidenceQuery::Kind::Decisions);
    });
    router.add({"GET"}, QStringLiteral("/v1/decisions/{id}"),
               [&context](const HttpExchange &exchange, const RouteParams &params) {
        if (const auto principal = context.auth.requireAny(exchange, Authenticator::FrozenAgents::OwnRecordsOnly))
            EvidenceQuery::respondWithOne(context.http, exchange, *principal, EvidenceQuery::Kind::Decisions,
                                          params.value(QStringLiteral("id")));
    });
}

} // namespace aegis
