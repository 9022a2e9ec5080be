#include "gateway/app/ServiceNotifier.h"

#include "gateway/GatewayLogging.h"

#include <systemd/sd-daemon.h>

#include <cstdint>
#include <cstring>

namespace aegis {

ServiceNotifier::ServiceNotifier(QObject *parent)
    : QObject(parent)
    , m_active(!qEnvironmentVariableIsEmpty("NOTIFY_SOCKET"))
{
    if (!m_active)
        return;
    // sd_watchdog_enabled() also checks WATCHDOG_PID, so a watchdog meant
    // for a parent (a wrapper script) is not taken over by us.
    std::uint64_t usec = 0;
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0)
        m_watchdogTimeout = std::chrono::microseconds(usec);
    // Half the timeout, as sd_watchdog_enabled(3) advises: a ping delayed by
    // a busy moment still arrives in time.
    m_watchdog.setInterval(std::chrono::duration_cast<std::chrono::milliseconds>(m_watchdogTimeout / 2));
    connect(&m_watchdog, &QTimer::timeout, this, [this] { send("WATCHDOG=1"); });
}

void ServiceNotifier::ready(const QString &status)
{
    if (!m_active)
        return;
    send("READY=1\nSTATUS=" + status.toUtf8());
    if (m_watchdogTimeout.count() > 0) {
        send("WATCHDOG=1");
        m_watchdog.start();
    }
}

void ServiceNotifier::stopping(const QString &status)
{
    // The pings go on while requests in flight finish: the event loop still
    // runs, and a stop that hangs is TimeoutStopSec's to end.
    if (m_active)
        send("STOPPING=1\nSTATUS=" + status.toUtf8());
}

void ServiceNotifier::send(const QByteArray &state)
{
    const int result = sd_notify(0, state.constData());
    if (result < 0 && !m_failureLogged) {
        // Logged once, not fatal: a supervisor that cannot hear us will say
        // so itself (a start or watchdog timeout), and the gateway serves on.
        m_failureLogged = true;
        qCWarning(lcGateway, "cannot notify the service manager (%s): %s; further failures are not logged",
                  state.left(state.indexOf('=')).constData(), std::strerror(-result));
    }
}

} // namespace aegis
