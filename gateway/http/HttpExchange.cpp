#include "gateway/http/HttpExchange.h"

#include "gateway/GatewayLogging.h"
#include "gateway/http/ConnectionGuard.h"
#include "gateway/logging/LogFields.h"

namespace aegis {

HttpExchange::HttpExchange(std::shared_ptr<ExchangeState> state)
    : d(std::move(state))
{
}

void HttpExchange::respond(const HttpResponse &response) const
{
    if (d->responded) {
        qCWarning(lcHttp, "%s %s answered twice; the second answer (%d) is dropped", d->request.method.constData(),
                  qPrintable(d->request.path), response.status);
        return;
    }
    d->responded = true;

    RequestRecord record;
    record.method = d->request.method;
    record.path = d->request.path;
    record.route = d->route;
    record.status = response.status;
    record.durationMs = d->request.received.nsecsElapsed() / 1e6;
    record.clientGone = d->clientGone.load() || !d->guard || !d->guard->isConnected();

    {
        const LogFields fields{{"method", QString::fromLatin1(record.method)}, {"path", record.path},
                               {"route", record.route}, {"status", record.status},
                               {"duration_ms", record.durationMs}, {"client_gone", record.clientGone}};
        qCInfo(lcHttpAccess, "%s %s %d %.1fms%s", record.method.constData(), qPrintable(record.path), record.status,
               record.durationMs, record.clientGone ? " (client gone, answer dropped)" : "");
    }
    if (d->observer)
        d->observer(record);
    if (!record.clientGone)
        d->guard->sendResponse(response, d->request.isHead());
}

} // namespace aegis
