#include "common/client/GatewayClient.h"

#include <QSslCertificate>
#include <QSslConfiguration>

namespace aegis {

GatewayClient::GatewayClient(GatewayEndpoint endpoint, QObject *parent)
    : QObject(parent)
    , m_endpoint(std::move(endpoint))
{
    // Each call is one short exchange; nothing is cached or redirected.
    m_network.setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

QNetworkRequest GatewayClient::request(const QString &path) const
{
    QNetworkRequest request(m_endpoint.url(path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    request.setRawHeader("Accept", "application/json");
    if (!m_endpoint.token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + m_endpoint.token);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
    if (m_endpoint.baseUrl.scheme() == QLatin1String("https") && !m_endpoint.caCertificatePath.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        QList<QSslCertificate> trusted = tls.caCertificates();
        trusted += QSslCertificate::fromPath(m_endpoint.caCertificatePath, QSsl::Pem);
        tls.setCaCertificates(trusted);
        request.setSslConfiguration(tls);
    }
    return request;
}

GatewayReply *GatewayClient::wrap(QNetworkReply *reply, QIODevice *sink)
{
    return new GatewayReply(reply, m_endpoint.timeoutMs, sink);
}

GatewayReply *GatewayClient::get(const QString &path)
{
    return wrap(m_network.get(request(path)));
}

GatewayReply *GatewayClient::post(const QString &path, const QByteArray &json)
{
    return wrap(m_network.post(request(path), json));
}

GatewayReply *GatewayClient::put(const QString &path, const QByteArray &json)
{
    return wrap(m_network.put(request(path), json));
}

GatewayReply *GatewayClient::patch(const QString &path, const QByteArray &json)
{
    return wrap(m_network.sendCustomRequest(request(path), QByteArrayLiteral("PATCH"), json));
}

GatewayReply *GatewayClient::deleteResource(const QString &path)
{
    return wrap(m_network.deleteResource(request(path)));
}

GatewayReply *GatewayClient::download(const QString &path, QIODevice *sink)
{
    return wrap(m_network.get(request(path)), sink);
}

std::unique_ptr<GatewayReply> GatewayClient::getAndWait(const QString &path)
{
    std::unique_ptr<GatewayReply> reply(get(path));
    reply->waitForFinished();
    return reply;
}

std::unique_ptr<GatewayReply> GatewayClient::postAndWait(const QString &path, const QByteArray &json)
{
    std::unique_ptr<GatewayReply> reply(post(path, json));
    reply->waitForFinished();
    return reply;
}

} // namespace aegis
