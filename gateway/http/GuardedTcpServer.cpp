#include "gateway/http/GuardedTcpServer.h"

#include "gateway/GatewayLogging.h"
#include "gateway/http/ConnectionGuard.h"
#include "gateway/http/HttpResponse.h"

#include <QSslSocket>

namespace aegis {

GuardedTcpServer::GuardedTcpServer(const HttpLimits &limits, std::optional<QSslConfiguration> tls, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
    , m_tls(std::move(tls))
{
}

void GuardedTcpServer::incomingConnection(qintptr descriptor)
{
    if (int(m_guards.size()) >= m_limits.maxConnections) {
        refuseOverCapacity(descriptor);
        return;
    }

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

    // The guard must be connected to readyRead before the server is, which
    // happens when the server takes the socket from the pending queue.
    auto *guard = new ConnectionGuard(socket, m_limits, m_tls.has_value());
    guard->setServer(m_httpServer);
    m_guards.insert(guard);
    connect(guard, &QObject::destroyed, this, [this, guard] { m_guards.remove(guard); });

    if (auto *sslSocket = qobject_cast<QSslSocket *>(socket))
        sslSocket->startServerEncryption();
    addPendingConnection(socket);
}

void GuardedTcpServer::refuseOverCapacity(qintptr descriptor)
{
    // Not handed to the server, so this socket is ours to delete.
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        socket->deleteLater();
        return;
    }
    qCWarning(lcHttp, "connection limit (%d) reached; refusing %s", m_limits.maxConnections,
              qPrintable(socket->peerAddress().toString()));
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    if (!m_tls) {
        const HttpResponse response = HttpResponse::error(503, QStringLiteral("too many connections; retry shortly"));
        socket->write("HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nContent-Length: "
                      + QByteArray::number(response.body.size()) + "\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
                      + response.body);
    }
    socket->disconnectFromHost();
}

} // namespace aegis
