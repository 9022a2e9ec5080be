#include "console/connection/GatewaySession.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace aegis::console {

namespace {

// Probes answer without a token: their success says nothing about it.
bool isProbe(const QString &path)
{
    return path == QLatin1String("/health") || path == QLatin1String("/readyz") || path == QLatin1String("/livez")
        || path == QLatin1String("/v1/version");
}

} // namespace

GatewaySession::GatewaySession(QObject *parent)
    : QObject(parent)
{
}

GatewaySession::~GatewaySession() = default;

void GatewaySession::setConnection(const ConnectionProfile &profile, const QByteArray &token, TokenStore::Result stored)
{
    m_profile = profile;
    m_stored = std::move(stored);
    GatewayEndpoint endpoint;
    endpoint.baseUrl = profile.url;
    endpoint.token = token;
    endpoint.caCertificatePath = profile.caCertificatePath;
    // Requests to the old gateway are aborted, and its client outlives them
    // (deleteLater runs after their own deleteLater): a network reply must
    // not outlive its access manager.
    Q_EMIT aboutToChangeConnection();
    ++m_generation;
    if (m_client)
        m_client.release()->deleteLater();
    m_client = std::make_unique<GatewayClient>(endpoint);
    ConnectionState state;
    state.kind = ConnectionState::Kind::Unknown;
    state.since = QDateTime::currentDateTimeUtc();
    setState(state);
    Q_EMIT connectionChanged();
}

QByteArray GatewaySession::jsonBody(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

GatewayReply *GatewaySession::track(GatewayReply *reply, const QString &path, QObject *owner)
{
    reply->setParent(owner);
    const quint64 generation = m_generation;
    connect(reply, &GatewayReply::finished, this, [this, reply, path, generation] {
        // An answer for a connection that is no longer current says nothing
        // about the current one.
        if (generation == m_generation)
            observe(*reply, path);
    });
    connect(this, &GatewaySession::aboutToChangeConnection, reply, [reply] { reply->abort(); });
    return reply;
}

GatewayReply *GatewaySession::get(const QString &path, QObject *owner)
{
    Q_ASSERT(m_client);
    return track(m_client->get(path), path, owner);
}

GatewayReply *GatewaySession::post(const QString &path, const QByteArray &json, QObject *owner)
{
    Q_ASSERT(m_client);
    return track(m_client->post(path, json), path, owner);
}

GatewayReply *GatewaySession::deleteResource(const QString &path, QObject *owner)
{
    Q_ASSERT(m_client);
    return track(m_client->deleteResource(path), path, owner);
}

GatewayReply *GatewaySession::download(const QString &path, QIODevice *sink, QObject *owner)
{
    Q_ASSERT(m_client);
    return track(m_client->download(path, sink), path, owner);
}

void GatewaySession::observe(const GatewayReply &reply, const QString &path)
{
    auto state = ConnectionState::fromReply(reply);
    if (!state)
        return;
    // A probe's success proves the gateway is there, not that the token is
    // good: it must not clear a 401 banner.
    if (state->kind == ConnectionState::Kind::Connected && isProbe(path)
        && m_state.kind == ConnectionState::Kind::Unauthorized)
        return;
    if (state->kind == m_state.kind && state->message == m_state.message)
        return;
    setState(*state);
}

void GatewaySession::setState(ConnectionState state)
{
    m_state = std::move(state);
    Q_EMIT stateChanged(m_state);
}

} // namespace aegis::console
