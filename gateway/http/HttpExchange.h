#pragma once

#include "gateway/http/HttpRequest.h"
#include "gateway/http/HttpResponse.h"

#include <QPointer>

#include <atomic>
#include <functional>
#include <memory>

namespace aegis {

class ConnectionGuard;

// What a finished request looks like to logs and metrics.
struct RequestRecord
{
    QByteArray method;
    QString path;
    QString route;      // the matched pattern, e.g. "/v1/admin/backups/{name}", or "" when none
    int status = 0;
    double durationMs = 0;
    bool clientGone = false;
};
using RequestObserver = std::function<void(const RequestRecord &)>;

struct ExchangeState
{
    HttpRequest request;
    QPointer<ConnectionGuard> guard; // main thread only
    QString route;
    RequestObserver observer;
    std::atomic<bool> clientGone{false};
    bool responded = false;          // main thread only
};

// The right to answer one request, later and from anywhere: copies may be
// carried to worker threads, but respond() runs on the server's thread (the
// BackgroundRunner takes care of that). If the client has gone in the
// meantime the answer is dropped instead of written to a dead socket.
class HttpExchange
{
public:
    explicit HttpExchange(std::shared_ptr<ExchangeState> state);

    const HttpRequest &request() const { return d->request; }
    void respond(const HttpResponse &response) const;
    bool clientGone() const { return d->clientGone.load(); }
    void setRoute(const QString &route) const { d->route = route; }
    const std::shared_ptr<ExchangeState> &state() const { return d; }

private:
    std::shared_ptr<ExchangeState> d;
};

} // namespace aegis
