#pragma once

#include "gateway/http/HttpExchange.h"
#include "gateway/http/Router.h"

#include <QAbstractHttpServer>

namespace aegis {

// QHttpServer's request parsing with our routing and our answers. Handlers
// get an HttpExchange and answer through it, now or later; the server's own
// responder and router are not used, which sidesteps their 6.4 traps
// (wrong MIME types, HEAD bodies, 404 for wrong methods, answers out of
// order for QFuture handlers).
class HttpServer : public QAbstractHttpServer
{
    Q_OBJECT

public:
    explicit HttpServer(Router &router, QObject *parent = nullptr);

    void setObserver(RequestObserver observer) { m_observer = std::move(observer); }
    // Requests dispatched and not yet answered, for a bounded shutdown.
    int inFlight() const;

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    Router &m_router;
    RequestObserver m_observer;
    std::vector<std::weak_ptr<ExchangeState>> m_inFlight;
};

} // namespace aegis
