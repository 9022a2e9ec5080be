#include "gateway/http/GuardedTcpServer.h"

#include "gateway/GatewayLogging.h"
#include "gateway/http/AcceptLoop.h"
#include "gateway/http/ConnectionGuard.h"
#include "gateway/http/HttpResponse.h"

#include <QSslSocket>

#include <algorithm>

namespace aegis {

GuardedTcpServer::GuardedTcpServer(const HttpLimits &limits, std::optional<QSslConfiguration> tls, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_tls(std::move(tls))
    , m_admission(limits.maxConnections, limits.maxConnectionsPerClient)
{
}

GuardedTcpServer::~GuardedTcpServer()
{
    // Before ~QTcpServer closes the socket the loop watches.
    delete m_acceptLoop;
}

bool GuardedTcpServer::listen(const QHostAddress &address, quint16 port)
{
    if (!QTcpServer::listen(address, port))
        return false;
    QTcpServer::pauseAccepting();
    m_acceptLoop = new AcceptLoop(
        socketDescriptor(),
        [this](qintptr descriptor) {
            incomingConnection(descriptor);
            Q_EMIT newConnection();
        },
        [this] { return shedIdleConnections(); }, this);
    return true;
}

void GuardedTcpServer::pauseAccepting()
{
    if (m_acceptLoop)
        m_acceptLoop->pause();
}

void GuardedTcpServer::resumeAccepting()
{
    if (m_acceptLoop)
        m_acceptLoop->resume();
}

void GuardedTcpServer::close()
{
    if (m_acceptLoop)
        m_acceptLoop->stop();
    QTcpServer::close();
}

QTcpSocket *GuardedTcpServer::nextPendingConnection()
{
    QTcpSocket *socket = QTcpServer::nextPendingConnection();
    // QTcpServer re-arms its own accept loop here; ours does the accepting.
    QTcpServer::pauseAccepting();
    return socket;
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    QTcpSocket *socket = nullptr;
    if (m_tls) {
        auto *sslSocket = new QSslSocket(this);
        sslSocket->setSslConfiguration(*m_tls);
        connect(sslSocket, &QSslSocket::sslErrors, sslSocket, [sslSocket](const QList<QSslError> &errors) {
            qCDebug(lcHttp, "TLS handshake with %s failed: %s", qPrintable(sslSocket->peerAddress().toString()),
                    qPrintable(errors.isEmpty() ? QString() : errors.first().errorString()));
        });
        socket = sslSocket;
    } else {
        socket = new QTcpSocket(this);
    }
    if (!socket->setSocketDescriptor(descriptor)) {
        qCWarning(lcHttp, "cannot take over an accepted connection: %s", qPrintable(socket->errorString()));
        socket->deleteLater();
        return;
    }

    const QHostAddress peer = socket->peerAddress();
    ConnectionAdmission::Verdict verdict = m_admission.admit(peer);
    // A local process holding the probe slots idle must not lock the
    // monitor out: a probe sends its request at once, so a slot that has
    // waited longest without one is given to the newcomer.
    if (!verdict.admitted() && ConnectionAdmission::isLocalMonitor(peer) && evictIdleProbeConnection())
        verdict = m_admission.admit(peer);
    if (!verdict.admitted()) {
        refuseAtOnce(socket, verdict);
        return;
    }

    // The guard must be connected to readyRead before the server is, which
    // happens when the server takes the socket from the pending queue.
    auto *guard = new ConnectionGuard(socket, m_limits, m_tls.has_value());
    guard->setServer(m_httpServer);
    if (verdict.probesOnly)
        guard->restrictToProbes(verdict.over == ConnectionAdmission::Verdict::Over::ServerCap ? 503 : 429);
    m_guards.insert(guard, Slot{peer, verdict});
    connect(guard, &QObject::destroyed, this, [this, guard] {
        const auto it = m_guards.find(guard);
        if (it == m_guards.end())
            return; // evicted: its slot was given back then
        m_admission.release(it->peer, it->verdict);
        m_guards.erase(it);
    });

    if (auto *sslSocket = qobject_cast<QSslSocket *>(socket))
        sslSocket->startServerEncryption();
    addPendingConnection(socket);
}

void GuardedTcpServer::refuseAtOnce(QTcpSocket *socket, ConnectionAdmission::Verdict verdict)
{
    // Not handed to the server, so this socket is ours to delete.
    const bool serverFull = verdict.over == ConnectionAdmission::Verdict::Over::ServerCap;
    // A flood is refused many times a second: one line per address and interval.
    m_refusalLog.warn(lcHttp(), serverFull ? QStringLiteral("connection limit (%1) reached; refusing %2")
                                                 .arg(m_limits.maxConnections)
                                                 .arg(socket->peerAddress().toString())
                                           : QStringLiteral("per-client connection limit (%1) reached; refusing %2")
                                                 .arg(m_admission.maxPerClient())
                                                 .arg(socket->peerAddress().toString()));
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    if (!m_tls) {
        socket->write(serverFull ? HttpResponse::refusalBytes(503, QStringLiteral("too many connections; retry shortly"), 1)
                                 : HttpResponse::refusalBytes(429, QStringLiteral("too many connections from your "
                                                                                  "address; retry shortly"), 1));
    }
    socket->disconnectFromHost();
}

int GuardedTcpServer::shedIdleConnections()
{
    // Idle keep-alive connections may be closed at any time (RFC 9112,
    // 9.6); the ones idle longest go first, a quarter of them per episode.
    QList<ConnectionGuard *> idle;
    for (ConnectionGuard *guard : m_guards.keys()) {
        if (guard->idleForMs() >= 0)
            idle.append(guard);
    }
    std::sort(idle.begin(), idle.end(),
              [](const ConnectionGuard *a, const ConnectionGuard *b) { return a->idleForMs() > b->idleForMs(); });
    const qsizetype count = idle.isEmpty() ? 0 : std::max<qsizetype>(1, idle.size() / 4);
    for (qsizetype i = 0; i < count; ++i)
        idle.at(i)->closeWhenIdle();
    return int(count);
}

bool GuardedTcpServer::evictIdleProbeConnection()
{
    ConnectionGuard *oldest = nullptr;
    for (auto it = m_guards.cbegin(); it != m_guards.cend(); ++it) {
        if (it->verdict.probesOnly && it.key()->idleForMs() >= 0
            && (!oldest || it.key()->idleForMs() > oldest->idleForMs()))
            oldest = it.key();
    }
    if (!oldest)
        return false;
    // Its slot is free from now on, though the socket closes a moment later.
    const Slot slot = m_guards.take(oldest);
    m_admission.release(slot.peer, slot.verdict);
    oldest->closeWhenIdle();
    return true;
}

} // namespace aegis
