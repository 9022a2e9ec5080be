#include "common/restore/GatewayStateWaiter.h"

namespace aegis {

QString GatewayStateWaiter::Observation::describe() const
{
    return QStringLiteral("/health: %1; lock: %2").arg(health.describe(), lock.detail);
}

QJsonObject GatewayStateWaiter::Observation::toJson() const
{
    return {{QStringLiteral("health"), health.describe()},
            {QStringLiteral("lock"), lock.detail},
            {QStringLiteral("lock_free"), lock.isFree()},
            {QStringLiteral("holder_pid"), lock.holderPid}};
}

GatewayStateWaiter::GatewayStateWaiter(RestoreContext &context, QString databasePath,
                                       std::chrono::milliseconds pollInterval, int probeTimeoutMs)
    : m_context(context)
    , m_database(std::move(databasePath))
    , m_poll(pollInterval)
    , m_probeTimeoutMs(probeTimeoutMs)
{
}

GatewayStateWaiter::Observation GatewayStateWaiter::observe()
{
    Observation out;
    out.health = m_context.gateway.get(QStringLiteral("/health"), m_probeTimeoutMs);
    out.lock = m_context.files.probeExclusiveLock(m_database);
    return out;
}

void GatewayStateWaiter::progress(RestoreStep step, qint64 startedMs, std::chrono::milliseconds timeout, const QString &what)
{
    if (m_context.observer)
        m_context.observer->stepProgress(step, m_context.clock.monotonicMs() - startedMs, timeout.count(), ProgressUnit::Milliseconds, what);
}

GatewayStateWaiter::Outcome GatewayStateWaiter::waitStopped(std::chrono::milliseconds timeout, RestoreStep step)
{
    const qint64 started = m_context.clock.monotonicMs();
    int looks = 0;
    Observation last;
    while (true) {
        last = observe();
        ++looks;
        if (last.stopped()) {
            Outcome out;
            out.reached = true;
            out.finding = StepFinding(StepFinding::Kind::Stopped);
            out.evidence = last.toJson();
            out.evidence.insert(QStringLiteral("looks"), looks);
            out.evidence.insert(QStringLiteral("waited_ms"), m_context.clock.monotonicMs() - started);
            return out;
        }
        const qint64 elapsed = m_context.clock.monotonicMs() - started;
        progress(step, started, timeout, QStringLiteral("waiting for the gateway to stop (%1)").arg(last.describe()));
        if (m_cancelled && m_cancelled()) {
            Outcome out;
            out.finding = StepFinding(StepFinding::Kind::StopWaitCancelled);
            out.evidence = last.toJson();
            return out;
        }
        if (elapsed >= timeout.count())
            break;
        m_context.clock.sleepFor(std::min(m_poll, std::chrono::milliseconds(timeout.count() - elapsed)));
    }
    Outcome out;
    out.finding = StepFinding(StepFinding::Kind::NotStopped, last.describe());
    out.finding.ms = timeout.count();
    out.evidence = last.toJson();
    out.evidence.insert(QStringLiteral("looks"), looks);
    return out;
}

bool GatewayStateWaiter::waitAnswering(std::chrono::milliseconds grace)
{
    const qint64 started = m_context.clock.monotonicMs();
    while (true) {
        if (m_context.gateway.get(QStringLiteral("/health"), m_probeTimeoutMs).answered())
            return true;
        const qint64 elapsed = m_context.clock.monotonicMs() - started;
        if (elapsed >= grace.count() || (m_cancelled && m_cancelled()))
            return false;
        m_context.clock.sleepFor(std::min(m_poll, std::chrono::milliseconds(grace.count() - elapsed)));
    }
}

GatewayStateWaiter::Outcome GatewayStateWaiter::waitReady(std::chrono::milliseconds timeout, RestoreStep step)
{
    const qint64 started = m_context.clock.monotonicMs();
    int looks = 0;
    ProbeReply health;
    ProbeReply ready;
    while (true) {
        ++looks;
        health = m_context.gateway.get(QStringLiteral("/health"), m_probeTimeoutMs);
        if (health.ok()) {
            ready = m_context.gateway.get(QStringLiteral("/readyz"), m_probeTimeoutMs);
            if (ready.ok()) {
                Outcome out;
                out.reached = true;
                const QJsonObject readiness = ready.json().object();
                out.finding = StepFinding(StepFinding::Kind::Ready);
                out.finding.schema = readiness.value(QStringLiteral("schema_version")).toInt();
                out.finding.name = readiness.value(QStringLiteral("migrations")).toString();
                out.evidence = {{QStringLiteral("health"), health.json().object()},
                                {QStringLiteral("readyz"), readiness},
                                {QStringLiteral("looks"), looks},
                                {QStringLiteral("waited_ms"), m_context.clock.monotonicMs() - started}};
                return out;
            }
        }
        const qint64 elapsed = m_context.clock.monotonicMs() - started;
        progress(step, started, timeout,
                 health.ok() ? QStringLiteral("healthy; waiting for /readyz (%1)").arg(ready.describe())
                             : QStringLiteral("waiting for /health (%1)").arg(health.describe()));
        if (m_cancelled && m_cancelled()) {
            Outcome out;
            out.finding = StepFinding(StepFinding::Kind::ReadyWaitCancelled);
            return out;
        }
        if (elapsed >= timeout.count())
            break;
        m_context.clock.sleepFor(std::min(m_poll, std::chrono::milliseconds(timeout.count() - elapsed)));
    }
    Outcome out;
    out.finding = health.ok()
        ? StepFinding(
            StepFinding::Kind::NotReady,
            ready.describe()
                + (ready.answered() ? QStringLiteral(" ") + QString::fromUtf8(ready.body.left(300)) : QString()))
        : StepFinding(StepFinding::Kind::NotHealthy, health.describe());
    out.finding.ms = timeout.count();
    out.evidence = {{QStringLiteral("health"), health.describe()}, {QStringLiteral("readyz"), ready.describe()},
                    {QStringLiteral("looks"), looks}};
    return out;
}

} // namespace aegis
