#pragma once

#include "common/util/Clock.h"

namespace aegis::test {

// A clock that never waits: sleepFor() moves it forward, so that a test
// can drive a five-minute deadline in microseconds and see that it fired.
class FakeClock : public Clock
{
public:
    FakeClock();

    QDateTime nowUtc() const override;
    qint64 monotonicMs() const override { return m_monotonicMs; }
    void sleepFor(std::chrono::milliseconds duration) override;

    void advance(std::chrono::milliseconds duration) { sleepFor(duration); }
    qint64 sleptMs() const { return m_slept; }

private:
    QDateTime m_start;
    qint64 m_monotonicMs = 1000;
    qint64 m_slept = 0;
};

} // namespace aegis::test
