#pragma once

#include "common/client/GatewayEndpoint.h"
#include "common/restore/FileOperations.h"
#include "common/restore/GatewayStateWaiter.h"
#include "common/restore/ManagedServiceControl.h"
#include "common/util/Clock.h"

#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <chrono>
#include <functional>
#include <memory>

namespace aegis {

// The drill's own gateway: the installed binary run as a managed process
// (ManagedServiceControl) against the restored copy in the scratch
// directory, on a free loopback port that is never production's, with its
// own admin token, its own backup directory and no automatic backups, and
// none of production's TLS or token settings. Proven ready and proven
// stopped with GatewayStateWaiter, as a restore does.
class ThrowawayGateway
{
public:
    using ProbeFactory = std::function<std::unique_ptr<GatewayProbe>(const GatewayEndpoint &)>;

    struct Stopped
    {
        bool ok = false;
        QString detail;
        QJsonObject evidence;
    };

    ThrowawayGateway(FileOperations &files, Clock &clock, ProbeFactory probes, QString binary, QString scratchDirectory,
                     std::chrono::milliseconds pollInterval, int probeTimeoutMs);
    ~ThrowawayGateway();
    ThrowawayGateway(const ThrowawayGateway &) = delete;
    ThrowawayGateway &operator=(const ThrowawayGateway &) = delete;

    QString databasePath() const;
    // Picks a free loopback port that is not `production`'s and writes the
    // admin token file (0600). False with *error when either fails.
    bool prepare(const QUrl &production, QString *error);
    ServiceControl::Result start();
    // Ends early (not reached) when the drill is cancelled or the process
    // exited; exited() tells which.
    GatewayStateWaiter::Outcome waitReady(std::chrono::milliseconds timeout, std::function<bool()> cancelled);
    bool exited() const;
    // SIGTERM to the process started, then proof: the process is gone,
    // /health is refused and the restored database's lock is free.
    Stopped stop(std::chrono::milliseconds timeout);
    bool isRunning() const;

    QString bind() const { return m_bind; }
    qint64 pid() const;
    // The admin endpoint (its own token).
    GatewayEndpoint endpoint() const { return m_endpoint; }
    GatewayProbe &probe() { return *m_probe; }
    std::unique_ptr<GatewayProbe> probeAs(const QByteArray &token) const;

private:
    FileOperations &m_files;
    Clock &m_clock;
    ProbeFactory m_probes;
    QString m_binary;
    QString m_scratch;
    std::chrono::milliseconds m_poll;
    int m_probeTimeoutMs;
    QString m_bind;
    GatewayEndpoint m_endpoint;
    std::unique_ptr<GatewayProbe> m_probe;
    std::unique_ptr<ManagedServiceControl> m_control;
};

} // namespace aegis
