#include "tests/unit/restore/support/FakeClock.h"

namespace aegis::test {

FakeClock::FakeClock()
    : m_start(QDateTime::currentDateTimeUtc())
{
}

QDateTime FakeClock::nowUtc() const
{
    return m_start.addMSecs(m_monotonicMs);
}

void FakeClock::sleepFor(std::chrono::milliseconds duration)
{
    m_monotonicMs += duration.count();
    m_slept += duration.count();
}

} // namespace aegis::test
