#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace aegis::bench {

// The longest gap between ticks of a 10 ms timer on the thread it lives on:
// how long that thread's event loop was kept from answering.
class StallMeter : public QObject
{
public:
    StallMeter();

    void start();
    void stop() { m_timer.stop(); }
    qint64 longestMs() const { return m_longest; }
    int ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_longest = 0;
    int m_ticks = 0;
};

} // namespace aegis::bench
