#pragma once

#include "common/util/LogThrottle.h"

#include <QObject>
#include <QTimer>

#include <functional>

class QSocketNotifier;

namespace aegis {

// Accepts connections on a listening socket in place of QTcpServer's own
// loop. Qt 6.4 treats EMFILE from accept4 as a temporary error and keeps
// the listener armed: with the descriptors used up it called accept4 about
// 5,000 times a second, answered nothing and logged nothing. Here running
// out of descriptors pauses the listener for a moment, asks for idle
// connections to be closed, logs once per interval, and keeps reserve
// descriptors: released while the shortage is handled, they give that
// handling room (logging, a sanitizer's pipe) and let one waiting client be
// told 503 instead of hanging when nothing idle could be closed.
class AcceptLoop : public QObject
{
    Q_OBJECT

public:
    // `accepted` takes ownership of each new descriptor. `shedIdle` closes
    // some idle connections and returns how many it closed.
    AcceptLoop(qintptr listeningSocket, std::function<void(qintptr)> accepted, std::function<int()> shedIdle,
               QObject *parent = nullptr);
    ~AcceptLoop() override;

    void pause();
    void resume();
    // Before the listening socket is closed: nothing may watch its number after that.
    void stop();

    static constexpr std::chrono::milliseconds Backoff{100};

private:
    void onReadable();
    void onDescriptorsExhausted(int error);
    void refuseOneWaiting();
    void openReserve();
    void closeReserve();

    qintptr m_listening;
    std::function<void(qintptr)> m_accepted;
    std::function<int()> m_shedIdle;
    QSocketNotifier *m_notifier = nullptr;
    QTimer m_backoff;
    bool m_paused = false; // by our owner, as opposed to a back-off
    int m_reserve[2] = {-1, -1}; // two: a pipe takes two
    LogThrottle m_exhaustedLog{std::chrono::seconds(10)};
};

} // namespace aegis
