#pragma once

#include "common/client/GatewayEndpoint.h"
#include "common/client/GatewayReply.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QUrlQuery>

class QIODevice;

namespace aegis {

// The gateway's HTTP API for the console and the tools. Every call is
// asynchronous and returns a GatewayReply owned by the caller (delete it,
// or parent it). Code on a worker thread (restore, drill) creates its own
// client there and calls waitForFinished().
class GatewayClient : public QObject
{
    Q_OBJECT

public:
    explicit GatewayClient(GatewayEndpoint endpoint, QObject *parent = nullptr);

    const GatewayEndpoint &endpoint() const { return m_endpoint; }
    void setEndpoint(GatewayEndpoint endpoint) { m_endpoint = std::move(endpoint); }

    GatewayReply *get(const QString &path);
    GatewayReply *post(const QString &path, const QByteArray &json = QByteArrayLiteral("{}"));
    GatewayReply *put(const QString &path, const QByteArray &json);
    GatewayReply *patch(const QString &path, const QByteArray &json);
    GatewayReply *deleteResource(const QString &path);
    // Streams a successful answer's body into `sink` (not buffered).
    GatewayReply *download(const QString &path, QIODevice *sink);

    // Blocking convenience for worker threads: the reply has finished.
    std::unique_ptr<GatewayReply> getAndWait(const QString &path);
    std::unique_ptr<GatewayReply> postAndWait(const QString &path, const QByteArray &json = QByteArrayLiteral("{}"));

private:
    QNetworkRequest request(const QString &path) const;
    GatewayReply *wrap(QNetworkReply *reply, QIODevice *sink = nullptr);

    GatewayEndpoint m_endpoint;
    QNetworkAccessManager m_network;
};

} // namespace aegis
