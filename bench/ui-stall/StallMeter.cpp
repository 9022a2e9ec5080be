#include "bench/ui-stall/StallMeter.h"

namespace aegis::bench {

StallMeter::StallMeter()
{
    m_timer.setInterval(10);
    m_timer.setTimerType(Qt::PreciseTimer);
    QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
        m_longest = qMax(m_longest, m_clock.restart());
        ++m_ticks;
    });
}

void StallMeter::start()
{
    m_longest = 0;
    m_ticks = 0;
    m_clock.start();
    m_timer.start();
}

} // namespace aegis::bench
