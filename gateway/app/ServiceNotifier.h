#pragma once

#include <QObject>
#include <QTimer>

#include <chrono>

namespace aegis {

// Speaks systemd's notify protocol for a Type=notify unit: READY=1 once the
// gateway serves, WATCHDOG=1 pings while the event loop runs, STOPPING=1
// when it begins to stop. The pings come from a timer on the thread that
// owns this object — the HTTP thread — so a stuck event loop stops them and
// systemd restarts the service. Without NOTIFY_SOCKET (not under systemd,
// or another Type=) every call does nothing.
class ServiceNotifier : public QObject
{
    Q_OBJECT

public:
    explicit ServiceNotifier(QObject *parent = nullptr);

    bool isActive() const { return m_active; }
    // Zero when the supervisor asked for no watchdog.
    std::chrono::microseconds watchdogTimeout() const { return m_watchdogTimeout; }

    void ready(const QString &status);
    void stopping(const QString &status);

private:
    void send(const QByteArray &state);

    bool m_active = false;
    bool m_failureLogged = false;
    std::chrono::microseconds m_watchdogTimeout{0};
    QTimer m_watchdog;
};

} // namespace aegis
