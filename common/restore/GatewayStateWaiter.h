#pragma once

#include "common/restore/RestoreContext.h"
#include "common/restore/StepFinding.h"

#include <QJsonObject>
#include <QString>

#include <chrono>
#include <functional>

namespace aegis {

// Proves the gateway's state instead of assuming it (RESTORE_AND_DRILL.md
// step 2: "Never proceed on a timer alone").
//   stopped: /health is refused (nothing listens; silence is not enough,
//            a hung process is silent too) AND an exclusive lock on the
//            database can be taken (no process holds it);
//   ready:   /health answers 200, then /readyz answers 200.
// Each wait polls with the injected clock until the state is seen or the
// deadline passes; the deadline only ever turns into a failure.
class GatewayStateWaiter
{
public:
    struct Observation
    {
        ProbeReply health;
        LockProbe lock;
        bool stopped() const { return health.transport == ProbeReply::Transport::Refused && lock.isFree(); }
        // Something answers HTTP, or a process holds the database.
        bool running() const { return health.answered() || lock.state == LockProbe::State::Held; }
        QString describe() const;
        QJsonObject toJson() const;
    };

    struct Outcome
    {
        bool reached = false;
        StepFinding finding;
        QJsonObject evidence;
    };

    GatewayStateWaiter(RestoreContext &context, QString databasePath, std::chrono::milliseconds pollInterval,
                       int probeTimeoutMs);

    // Polled at each look; true ends a wait as not reached ("cancelled").
    void setCancelled(std::function<bool()> cancelled) { m_cancelled = std::move(cancelled); }

    Observation observe();
    Outcome waitStopped(std::chrono::milliseconds timeout, RestoreStep step);
    Outcome waitReady(std::chrono::milliseconds timeout, RestoreStep step);
    // True as soon as /health gets any HTTP answer within `grace`.
    bool waitAnswering(std::chrono::milliseconds grace);

private:
    void progress(RestoreStep step, qint64 startedMs, std::chrono::milliseconds timeout, const QString &what);

    RestoreContext &m_context;
    QString m_database;
    std::chrono::milliseconds m_poll;
    int m_probeTimeoutMs;
    std::function<bool()> m_cancelled;
};

} // namespace aegis
