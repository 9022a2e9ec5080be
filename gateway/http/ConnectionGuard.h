#pragma once

#include "gateway/http/HttpLimits.h"
#include "gateway/http/HttpRequestFramer.h"
#include "gateway/http/HttpResponse.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

class QTcpSocket;

namespace aegis {

struct ExchangeState;

// Stands in front of QHttpServer on one connection. It is connected to the
// socket's readyRead before the server, so it sees each byte first, frames
// the request stream itself (HttpRequestFramer) and enforces what the server
// does not: header and body size limits, header/body deadlines, idle
// timeout, no pipelining. It also writes every response, so that keep-alive,
// HEAD and Connection: close are handled in one place.
//
// Lifetime: a child of the socket, which the server deletes itself; nothing
// else may delete the socket (QT64_NOTES).
class ConnectionGuard : public QObject
{
    Q_OBJECT

public:
    ConnectionGuard(QTcpSocket *socket, const HttpLimits &limits, bool tls);
    ~ConnectionGuard() override;

    static ConnectionGuard *of(QTcpSocket *socket);

    // The server is about to run a handler for the request that just
    // completed. Returns the request's head, or nullptr when the guard has
    // refused the connection and no handler must run.
    const HttpRequestFramer::Head *beginDispatch(const std::shared_ptr<ExchangeState> &exchange);

    // Writes the answer to the request in flight. Main thread only.
    void sendResponse(const HttpResponse &response, bool headRequest);

    bool isConnected() const;
    bool isIdle() const;
    // How long it has waited for a request, or -1 while a request is under way.
    qint64 idleForMs() const;
    // Over a connection cap but let in for the probes: any other path is
    // refused with `status` (429 or 503) and the connection closed.
    void restrictToProbes(int status);
    // For shutdown: close now if idle, otherwise right after the answer in flight.
    void closeWhenIdle();
    // An answer is still leaving: a stream being produced, or bytes not yet
    // handed to the kernel. Quitting now would truncate it.
    bool isSending() const;
    // Drops the answer being sent and the connection (a stream that failed,
    // a client that stopped reading, shutdown past its grace period). The
    // client sees a truncated answer (short of its length, or no final
    // chunk), never a complete-looking one.
    void cutAnswer();

    // Tells the server which object to stop delivering readyRead to when a
    // connection is refused mid-stream.
    void setServer(QObject *server) { m_server = server; }

private:
    enum class State { Idle, ReadingHead, ReadingBody, AwaitingResponse, Streaming, Lingering, Closed };

    void onReadyRead();
    void onDisconnected();
    void onBytesWritten();
    void onTimeout();

    // retryAfterSeconds > 0 adds Retry-After.
    void refuse(int status, const QString &message, int retryAfterSeconds = 0);
    void detachServer();
    void startLinger();
    void finishResponse();
    void pumpStream();
    void closeGracefully();
    void arm(std::chrono::milliseconds timeout);
    void dispatchWatchdog();

    QTcpSocket *m_socket;
    const HttpLimits m_limits;
    const bool m_tls;
    HttpRequestFramer m_framer;
    HttpRequestFramer::Head m_head;
    QPointer<QObject> m_server;
    QTimer m_timer;
    State m_state = State::Idle;
    bool m_closeAfterResponse = false;
    bool m_dispatched = false;
    bool m_serverDetached = false;
    bool m_refused = false;
    int m_probesOnlyStatus = 0; // non-zero: only /health, /readyz and /livez are served
    QElapsedTimer m_idleSince;
    qint64 m_lingerDiscarded = 0;
    std::weak_ptr<ExchangeState> m_exchange;
    std::shared_ptr<ResponseBody> m_stream;
    bool m_streamChunked = false;
};

} // namespace aegis
