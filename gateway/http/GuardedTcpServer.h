#pragma once

#include "common/util/LogThrottle.h"
#include "gateway/http/ConnectionAdmission.h"
#include "gateway/http/HttpLimits.h"

#include <QPointer>
#include <QHash>
#include <QSslConfiguration>
#include <QTcpServer>

#include <optional>

namespace aegis {

class AcceptLoop;
class ConnectionGuard;

// The listening socket, created by us rather than by QHttpServer::listen(),
// so that every connection gets its ConnectionGuard before the server sees
// a byte, and connections are capped in total and per client address
// (ConnectionAdmission). QHttpServer::bind() takes it over (it becomes the
// HTTP server's child and dies with it). With a TLS configuration it
// accepts TLS only.
//
// Accepting is done by an AcceptLoop, not by QTcpServer (see there why).
// QTcpServer's listen(), pauseAccepting(), resumeAccepting() and close() are
// not virtual: the ones below hide them, and callers hold this type.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT

public:
    GuardedTcpServer(const HttpLimits &limits, std::optional<QSslConfiguration> tls, QObject *parent = nullptr);
    ~GuardedTcpServer() override;

    bool listen(const QHostAddress &address, quint16 port);
    void pauseAccepting();
    void resumeAccepting();
    void close();

    void setHttpServer(QObject *server) { m_httpServer = server; }
    int activeConnections() const { return int(m_guards.size()); }
    QList<ConnectionGuard *> guards() const { return m_guards.keys(); }

    QTcpSocket *nextPendingConnection() override;

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void refuseAtOnce(QTcpSocket *socket, ConnectionAdmission::Verdict verdict);
    int shedIdleConnections();
    bool evictIdleProbeConnection();

    struct Slot
    {
        QHostAddress peer;
        ConnectionAdmission::Verdict verdict;
    };

    HttpLimits m_limits;
    std::optional<QSslConfiguration> m_tls;
    QPointer<QObject> m_httpServer;
    QHash<ConnectionGuard *, Slot> m_guards;
    ConnectionAdmission m_admission;
    AcceptLoop *m_acceptLoop = nullptr;
    LogThrottle m_refusalLog{std::chrono::seconds(10)};
};

} // namespace aegis
