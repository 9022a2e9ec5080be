#pragma once

#include "common/client/GatewayClient.h"
#include "console/connection/ConnectionProfile.h"
#include "console/connection/ConnectionState.h"
#include "console/connection/TokenStore.h"

#include <QObject>

#include <memory>

namespace aegis::console {

// The console's one connection to the gateway of the current profile. Every
// page sends its requests through here, so that any answer (or silence)
// updates the connection state that the banner shows: a page never has to
// explain "unreachable" or "401" itself.
class GatewaySession : public QObject
{
    Q_OBJECT

public:
    explicit GatewaySession(QObject *parent = nullptr);
    ~GatewaySession() override;

    void setConnection(const ConnectionProfile &profile, const QByteArray &token, TokenStore::Result stored);
    bool isConfigured() const { return !m_profile.isEmpty(); }
    const ConnectionProfile &profile() const { return m_profile; }
    // Where the token was found (the status bar warns about a file).
    const TokenStore::Result &storedToken() const { return m_stored; }
    const ConnectionState &state() const { return m_state; }

    // Each returns a reply owned by `owner` (delete it, or let the owner
    // go). Cancelled when the connection changes.
    GatewayReply *get(const QString &path, QObject *owner);
    GatewayReply *post(const QString &path, const QByteArray &json, QObject *owner);
    GatewayReply *deleteResource(const QString &path, QObject *owner);
    GatewayReply *download(const QString &path, QIODevice *sink, QObject *owner);

    static QByteArray jsonBody(const QJsonObject &object);

Q_SIGNALS:
    // Another profile or token: pages drop what they show and reload.
    void connectionChanged();
    // Just before: every request still running is aborted.
    void aboutToChangeConnection();
    void stateChanged(const ConnectionState &state);

private:
    GatewayReply *track(GatewayReply *reply, const QString &path, QObject *owner);
    void observe(const GatewayReply &reply, const QString &path);
    void setState(ConnectionState state);

    ConnectionProfile m_profile;
    TokenStore::Result m_stored;
    std::unique_ptr<GatewayClient> m_client;
    quint64 m_generation = 0;
    ConnectionState m_state;
};

} // namespace aegis::console
