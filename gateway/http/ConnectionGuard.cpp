#include "gateway/http/ConnectionGuard.h"

#include "gateway/GatewayLogging.h"
#include "gateway/logging/LogFields.h"
#include "gateway/http/HttpExchange.h"

#include <QTcpSocket>

#include <sys/socket.h>

namespace aegis {

namespace {

constexpr qint64 StreamPieceBytes = 64 * 1024;
constexpr qint64 StreamHighWaterBytes = 256 * 1024;

int statusFor(HttpRequestFramer::Failure failure)
{
    switch (failure) {
    case HttpRequestFramer::Failure::HeaderTooLarge: return 431;
    case HttpRequestFramer::Failure::BodyTooLarge: return 413;
    case HttpRequestFramer::Failure::NotImplemented: return 501;
    case HttpRequestFramer::Failure::Malformed:
    case HttpRequestFramer::Failure::None: break;
    }
    return 400;
}

bool isProbe(const QByteArray &target)
{
    const qsizetype query = target.indexOf('?');
    const QByteArray path = query < 0 ? target : target.left(query);
    return path == "/health" || path == "/readyz" || path == "/livez";
}

QString seconds(std::chrono::milliseconds duration)
{
    return QString::number(duration.count() / 1000.0, 'g', 3) + QLatin1Char('s');
}

} // namespace

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, const HttpLimits &limits, bool tls)
    : QObject(socket)
    , m_socket(socket)
    , m_limits(limits)
    , m_tls(tls)
    , m_framer(HttpRequestFramer::Limits{limits.maxHeaderBytes, limits.maxBodyBytes, 100})
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ConnectionGuard::onTimeout);
    // Connected before the server's own slot (see GuardedTcpServer), so this
    // runs first on every segment.
    connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &ConnectionGuard::onDisconnected);
    connect(socket, &QTcpSocket::bytesWritten, this, &ConnectionGuard::onBytesWritten);
    arm(m_limits.idleTimeout);
    m_idleSince.start();
}

ConnectionGuard::~ConnectionGuard() = default;

ConnectionGuard *ConnectionGuard::of(QTcpSocket *socket)
{
    return socket ? socket->findChild<ConnectionGuard *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

bool ConnectionGuard::isConnected() const
{
    return m_state != State::Closed && m_socket->state() == QAbstractSocket::ConnectedState;
}

bool ConnectionGuard::isIdle() const
{
    return m_state == State::Idle || m_state == State::Closed;
}

qint64 ConnectionGuard::idleForMs() const
{
    return m_state == State::Idle ? m_idleSince.elapsed() : -1;
}

void ConnectionGuard::restrictToProbes(int status)
{
    m_probesOnlyStatus = status;
    m_closeAfterResponse = true;
}

void ConnectionGuard::closeWhenIdle()
{
    m_closeAfterResponse = true;
    if (m_state == State::Idle)
        closeGracefully();
}

bool ConnectionGuard::isSending() const
{
    return m_state == State::Streaming
        || (m_socket->state() != QAbstractSocket::UnconnectedState && m_socket->bytesToWrite() > 0);
}

void ConnectionGuard::cutAnswer()
{
    m_stream.reset();
    m_state = State::Closed;
    m_timer.stop();
    m_socket->abort();
}

const HttpRequestFramer::Head *ConnectionGuard::beginDispatch(const std::shared_ptr<ExchangeState> &exchange)
{
    if (m_state != State::AwaitingResponse || m_dispatched || m_serverDetached)
        return nullptr;
    m_dispatched = true;
    m_exchange = exchange;
    return &m_head;
}

void ConnectionGuard::onReadyRead()
{
    if (m_serverDetached || m_state == State::Lingering || m_state == State::Closed) {
        // Nobody else reads this socket any more: drop what arrives, within bounds.
        m_lingerDiscarded += m_socket->readAll().size();
        if (m_lingerDiscarded > m_limits.lingerMaxBytes)
            m_socket->abort();
        return;
    }

    // Only what the server has not read yet is visible, which is exactly
    // what arrived since the last segment.
    const QByteArray fresh = m_socket->peek(m_socket->bytesAvailable());
    const std::vector<HttpRequestFramer::Event> events = m_framer.feed(fresh);
    bool completedHere = false;
    bool wantContinue = false;
    for (const HttpRequestFramer::Event &event : events) {
        switch (event.kind) {
        case HttpRequestFramer::Event::Kind::MessageBegin:
            if (m_state == State::AwaitingResponse || m_state == State::Streaming) {
                if (m_dispatched) {
                    // Answers must leave in order and QHttpServer 6.4 would
                    // interleave them: finish the one in flight, then close.
                    qCInfo(lcHttp, "pipelined request from %s not read; closing after the current answer",
                           qPrintable(m_socket->peerAddress().toString()));
                    detachServer();
                    m_closeAfterResponse = true;
                } else {
                    // Two requests in one segment would be merged into one
                    // by the server's parser: neither may run.
                    refuse(400, QStringLiteral("pipelined requests are not supported; send the next request "
                                               "after the previous answer"));
                }
                return;
            }
            m_state = State::ReadingHead;
            m_dispatched = false;
            arm(m_limits.headerTimeout);
            break;
        case HttpRequestFramer::Event::Kind::HeadComplete:
            m_head = event.head;
            if (m_head.upgrade) {
                refuse(501, QStringLiteral("protocol upgrades (WebSocket, CONNECT) are not supported"));
                return;
            }
            if (m_probesOnlyStatus != 0 && !isProbe(m_head.target)) {
                refuse(m_probesOnlyStatus,
                       m_probesOnlyStatus == 429 ? QStringLiteral("too many connections from your address; retry shortly")
                                                 : QStringLiteral("too many connections; retry shortly"),
                       1);
                return;
            }
            wantContinue = m_head.expectContinue;
            m_state = State::ReadingBody;
            arm(m_limits.bodyTimeout);
            break;
        case HttpRequestFramer::Event::Kind::MessageComplete:
            m_state = State::AwaitingResponse;
            m_dispatched = false;
            completedHere = true;
            m_timer.stop();
            QTimer::singleShot(0, this, &ConnectionGuard::dispatchWatchdog);
            break;
        case HttpRequestFramer::Event::Kind::Failed:
            if (m_dispatched && (m_state == State::AwaitingResponse || m_state == State::Streaming)) {
                detachServer();
                m_closeAfterResponse = true;
                return;
            }
            // The failing request's head (as far as it was read), for the log.
            m_head = event.head;
            refuse(statusFor(event.failure), event.reason);
            return;
        }
    }
    // Only now is it known that no limit was crossed by the head itself.
    if (wantContinue && m_state == State::ReadingBody && !completedHere)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
}

void ConnectionGuard::dispatchWatchdog()
{
    // The framer completed a request the server did not hand to a handler:
    // its parser disagreed with ours. The connection cannot be trusted.
    if (m_state == State::AwaitingResponse && !m_dispatched && !m_serverDetached) {
        qCWarning(lcHttp, "request from %s was not dispatched by the server; dropping the connection",
                  qPrintable(m_socket->peerAddress().toString()));
        m_state = State::Closed;
        m_socket->abort();
    }
}

void ConnectionGuard::refuse(int status, const QString &message, int retryAfterSeconds)
{
    detachServer();
    const QByteArray what = m_head.method.isEmpty() ? QByteArray("-") : m_head.method + ' ' + m_head.target.left(200);
    {
        const qsizetype query = m_head.target.indexOf('?');
        const QByteArray path = (query < 0 ? m_head.target : m_head.target.first(query)).left(200);
        const LogFields fields{{"method", m_head.method.isEmpty() ? QJsonValue() : QString::fromLatin1(m_head.method)},
                               {"path", QString::fromUtf8(path)}, {"status", status}, {"refused", true}};
        qCInfo(lcHttpAccess, "%s %d refused before dispatch: %s", what.constData(), status, qPrintable(message));
    }
    HttpResponse response = HttpResponse::error(status, message);
    if (retryAfterSeconds > 0)
        response.withHeader("Retry-After", QByteArray::number(retryAfterSeconds));
    m_closeAfterResponse = true;
    m_refused = true;
    m_head.keepAlive = false;
    m_state = State::AwaitingResponse;
    sendResponse(response, false);
}

void ConnectionGuard::detachServer()
{
    if (m_serverDetached)
        return;
    m_serverDetached = true;
    if (m_server)
        disconnect(m_socket, &QTcpSocket::readyRead, m_server.data(), nullptr);
    // The server reads inside a transaction that keeps every byte for a
    // rollback; end it, or the bytes dropped from now on would pile up.
    if (m_socket->isTransactionStarted())
        m_socket->commitTransaction();
}

void ConnectionGuard::sendResponse(const HttpResponse &response, bool headRequest)
{
    if (m_state == State::Closed || m_state == State::Lingering || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_exchange.reset();

    const bool close = m_closeAfterResponse || !m_head.keepAlive;
    const bool noBody = headRequest || response.status == 204 || response.status == 304;
    const qint64 length = response.stream ? response.stream->size() : response.body.size();

    QByteArray out;
    out.reserve(256 + (noBody || response.stream ? 0 : response.body.size()));
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + HttpResponse::reasonPhrase(response.status)
        + "\r\n";
    if (!response.contentType.isEmpty())
        out += "Content-Type: " + response.contentType + "\r\n";
    if (response.status != 204) {
        if (length >= 0)
            out += "Content-Length: " + QByteArray::number(length) + "\r\n";
        else
            out += "Transfer-Encoding: chunked\r\n";
    }
    // Answers hold evidence and credentials: no cache may keep them.
    out += "Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n";
    if (close)
        out += "Connection: close\r\n";
    for (const auto &header : response.headers)
        out += header.first + ": " + header.second + "\r\n";
    out += "\r\n";
    if (!noBody && !response.stream)
        out += response.body;
    m_socket->write(out);

    if (!noBody && response.stream) {
        m_stream = response.stream;
        m_streamChunked = length < 0;
        m_state = State::Streaming;
        pumpStream();
        return;
    }
    finishResponse();
}

void ConnectionGuard::finishResponse()
{
    m_stream.reset();
    if (m_closeAfterResponse || !m_head.keepAlive) {
        if (m_refused)
            startLinger(); // the client may still be sending what we refused
        else
            closeGracefully();
        return;
    }
    m_state = State::Idle;
    m_head = {};
    arm(m_limits.idleTimeout);
    m_idleSince.start();
}

void ConnectionGuard::pumpStream()
{
    while (m_stream && m_socket->bytesToWrite() < StreamHighWaterBytes) {
        QByteArray piece;
        QString error;
        if (!m_stream->read(&piece, StreamPieceBytes, &error)) {
            // Cut the connection: a truncated answer is detectable by the
            // client, a complete-looking wrong one is not.
            qCWarning(lcHttp, "streamed answer to %s failed: %s", qPrintable(m_socket->peerAddress().toString()),
                      qPrintable(error));
            cutAnswer();
            return;
        }
        if (piece.isEmpty()) {
            if (m_streamChunked)
                m_socket->write("0\r\n\r\n");
            finishResponse();
            return;
        }
        if (m_streamChunked)
            m_socket->write(QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n");
        else
            m_socket->write(piece);
    }
    arm(m_limits.writeStallTimeout);
}

void ConnectionGuard::startLinger()
{
    m_state = State::Lingering;
    arm(m_limits.lingerTimeout);
    if (m_tls) {
        // A TLS stream cannot be half-closed under the TLS layer; close_notify
        // follows the pending answer.
        m_socket->disconnectFromHost();
        return;
    }
    m_socket->flush();
    onBytesWritten();
}

void ConnectionGuard::onBytesWritten()
{
    if (m_state == State::Streaming) {
        pumpStream();
    } else if (m_state == State::Lingering && !m_tls && m_socket->bytesToWrite() == 0
               && m_socket->socketDescriptor() != -1) {
        // Half-close: the client gets our answer and end-of-stream while we
        // keep draining what it still sends, so it sees the answer rather
        // than a reset.
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    }
}

void ConnectionGuard::closeGracefully()
{
    detachServer();
    m_state = State::Closed;
    m_timer.stop();
    m_socket->disconnectFromHost();
}

void ConnectionGuard::onTimeout()
{
    switch (m_state) {
    case State::Idle:
        qCDebug(lcHttp, "closing idle connection from %s", qPrintable(m_socket->peerAddress().toString()));
        closeGracefully();
        break;
    case State::ReadingHead:
        refuse(408, QStringLiteral("the request line and headers did not arrive within %1")
                        .arg(seconds(m_limits.headerTimeout)));
        break;
    case State::ReadingBody:
        refuse(408, QStringLiteral("the request body did not arrive within %1").arg(seconds(m_limits.bodyTimeout)));
        break;
    case State::Streaming:
        qCInfo(lcHttp, "client %s stopped reading a streamed answer; dropping it",
               qPrintable(m_socket->peerAddress().toString()));
        cutAnswer();
        break;
    case State::Lingering:
        m_state = State::Closed;
        m_socket->abort();
        break;
    case State::AwaitingResponse:
    case State::Closed:
        break;
    }
}

void ConnectionGuard::onDisconnected()
{
    m_state = State::Closed;
    m_timer.stop();
    m_stream.reset();
    if (const auto exchange = m_exchange.lock())
        exchange->clientGone.store(true);
}

void ConnectionGuard::arm(std::chrono::milliseconds timeout)
{
    m_timer.start(timeout);
}

} // namespace aegis
