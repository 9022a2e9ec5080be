#include "gateway/http/HttpServer.h"

#include "gateway/GatewayLogging.h"
#include "gateway/http/ConnectionGuard.h"

#include <QHttpServerRequest>
#include <QTcpSocket>

#include <exception>

namespace aegis {

HttpServer::HttpServer(Router &router, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_router(router)
{
}

int HttpServer::inFlight() const
{
    int count = 0;
    for (const auto &weak : m_inFlight) {
        if (const auto state = weak.lock(); state && !state->responded)
            ++count;
    }
    return count;
}

bool HttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    ConnectionGuard *guard = ConnectionGuard::of(socket);
    if (!guard)
        return true; // not one of our sockets: never answer it

    auto state = std::make_shared<ExchangeState>();
    const HttpRequestFramer::Head *head = guard->beginDispatch(state);
    if (!head)
        return true; // the guard refused this connection and answers itself

    HttpRequest &copy = state->request;
    copy.received.start();
    copy.method = head->method;
    copy.target = head->target;
    const qsizetype question = head->target.indexOf('?');
    copy.path = QString::fromUtf8(question < 0 ? head->target : head->target.left(question));
    if (question >= 0)
        copy.query = QUrlQuery(QString::fromUtf8(head->target.mid(question + 1)));
    copy.headers = request.headers();
    copy.body = request.body();
    copy.peer = request.remoteAddress();
    state->guard = guard;
    state->observer = m_observer;

    std::erase_if(m_inFlight, [](const std::weak_ptr<ExchangeState> &weak) {
        const auto s = weak.lock();
        return !s || s->responded;
    });
    m_inFlight.push_back(state);

    const HttpExchange exchange(state);
    const Router::Match match = m_router.match(copy.method, copy.path);
    exchange.setRoute(match.pattern);
    switch (match.kind) {
    case Router::Match::Kind::NotFound:
        exchange.respond(HttpResponse::error(404, QStringLiteral("no such endpoint: %1").arg(copy.path)));
        break;
    case Router::Match::Kind::MethodNotAllowed:
        exchange.respond(HttpResponse::error(405, QStringLiteral("%1 is not allowed here; allowed: %2")
                                                      .arg(QString::fromLatin1(copy.method),
                                                           QString::fromLatin1(match.allow)))
                             .withHeader("Allow", match.allow));
        break;
    case Router::Match::Kind::Found:
        try {
            (*match.handler)(exchange, match.params);
        } catch (const std::exception &e) {
            qCCritical(lcHttp, "handler for %s %s threw: %s", copy.method.constData(), qPrintable(copy.path),
                       e.what());
            if (!state->responded)
                exchange.respond(HttpResponse::error(500, QStringLiteral("internal error; see the gateway log")));
        }
        break;
    }
    return true;
}

void HttpServer::missingHandler(const QHttpServerRequest &, QTcpSocket *)
{
    // handleRequest() answers every request itself; nothing reaches here.
}

} // namespace aegis
