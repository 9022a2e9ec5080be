#pragma once

#include "gateway/http/HttpLimits.h"

#include <QPointer>
#include <QSet>
#include <QSslConfiguration>
#include <QTcpServer>

#include <optional>

namespace aegis {

class ConnectionGuard;

// The listening socket, created by us rather than by QHttpServer::listen(),
// so that every connection gets its ConnectionGuard before the server sees
// a byte, and the connection count is capped. QHttpServer::bind() takes it
// over (it becomes the HTTP server's child and dies with it). With a TLS
// configuration it accepts TLS only.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    GuardedTcpServer(const HttpLimits &limits, std::optional<QSslConfiguration> tls, QObject *parent = nullptr);

    void setHttpServer(QObject *server) { m_httpServer = server; }
    int activeConnections() const { return int(m_guards.size()); }
    QList<ConnectionGuard *> guards() const { return m_guards.values(); }

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void refuseOverCapacity(qintptr descriptor);

    HttpLimits m_limits;
    std::optional<QSslConfiguration> m_tls;
    QPointer<QObject> m_httpServer;
    QSet<ConnectionGuard *> m_guards;
};

} // namespace aegis
