#include "console/connection/ConnectionTester.h"

#include <QJsonObject>

namespace aegis::console {

ConnectionTester::ConnectionTester(QObject *parent)
    : QObject(parent)
{
}

ConnectionTester::~ConnectionTester()
{
    cancel();
    // Replies before their client: a network reply must not outlive its
    // access manager.
    qDeleteAll(findChildren<GatewayReply *>(QString(), Qt::FindDirectChildrenOnly));
    m_client.reset();
}

void ConnectionTester::test(const GatewayEndpoint &endpoint)
{
    cancel();
    GatewayEndpoint quick = endpoint;
    quick.timeoutMs = 8000;
    if (m_client)
        m_client.release()->deleteLater();
    m_client = std::make_unique<GatewayClient>(quick);
    m_reply = m_client->get(QStringLiteral("/health"));
    m_reply->setParent(this);
    connect(m_reply, &GatewayReply::finished, this, &ConnectionTester::onHealth);
}

void ConnectionTester::cancel()
{
    if (m_reply) {
        GatewayReply *reply = m_reply;
        m_reply = nullptr;
        reply->disconnect(this);
        reply->abort();
        reply->deleteLater();
    }
}

void ConnectionTester::onHealth()
{
    GatewayReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    Result result;
    const QJsonObject health = reply->json().object();
    if (reply->status() == 0) {
        result.status = StatusColors::Status::Bad;
        result.message = reply->errorText();
        result.detail = reply->detail();
        conclude(result);
        return;
    }
    if (health.value(QStringLiteral("status")).toString().isEmpty()) {
        result.status = StatusColors::Status::Bad;
        result.message = tr("Something answered at this address, but it is not an Aegis gateway.");
        result.detail = tr("GET /health answered with status %1.").arg(reply->status());
        conclude(result);
        return;
    }
    m_version = health.value(QStringLiteral("version")).toString();
    m_reply = m_client->get(QStringLiteral("/v1/tenants"));
    m_reply->setParent(this);
    connect(m_reply, &GatewayReply::finished, this, &ConnectionTester::onTenants);
}

void ConnectionTester::onTenants()
{
    GatewayReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    Result result;
    result.reachable = true;
    result.version = m_version;
    if (reply->ok()) {
        result.authorized = true;
        result.status = StatusColors::Status::Good;
        result.message = tr("Connected to Aegis gateway %1; the admin token is accepted.").arg(m_version);
    } else if (reply->failure() == GatewayReply::Failure::Unauthorized) {
        result.tokenRefused = true;
        result.status = StatusColors::Status::Bad;
        result.message = tr("The gateway (version %1) is there, but it refused this admin token (401). Use the "
                            "token from the gateway's admin.token file.")
                             .arg(m_version);
        result.detail = reply->detail();
    } else {
        result.status = StatusColors::Status::Bad;
        result.message = reply->errorText();
        result.detail = reply->detail();
    }
    conclude(result);
}

void ConnectionTester::conclude(const Result &result)
{
    Q_EMIT finished(result);
}

} // namespace aegis::console
