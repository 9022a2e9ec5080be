#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace aegis::console {

class GatewaySession;
struct RestoreTarget;

// Starts the gateway of the current connection with the profile's service
// control (systemd, commands, managed), the way a restore does, and then
// waits until it answers /health: a start command that returned 0 has not
// shown that the gateway serves. For the operator who finds it down and
// should not need a terminal to bring it back.
class GatewayStarter : public QObject
{
    Q_OBJECT

public:
    enum class Outcome
    {
        Answering,      // started, and /health answers
        StartFailed,    // the service control said no
        NotAnswering    // started, but silent until the deadline
    };
    Q_ENUM(Outcome)

    explicit GatewayStarter(GatewaySession &session, QObject *parent = nullptr);

    // Empty when the profile's service control can start the gateway;
    // otherwise why not, in words (manual control, a missing binary).
    static QString cannotStart(const RestoreTarget &target);
    bool isBusy() const { return m_busy; }
    void start();

Q_SIGNALS:
    // `detail` is what the service control did (never a secret).
    void finished(aegis::console::GatewayStarter::Outcome outcome, const QString &detail);

private:
    void poll();
    void finish(Outcome outcome, const QString &detail);

    GatewaySession &m_session;
    QTimer m_poll;
    QElapsedTimer m_waited;
    QString m_detail;
    // How long a started gateway may take to answer (migrations run first).
    static constexpr int AnswerTimeoutMs = 60000;
    bool m_busy = false;
    quint64 m_generation = 0;
};

} // namespace aegis::console
