#pragma once

#include <QDateTime>

#include <chrono>

namespace aegis {

// Time as a dependency: the restore engine, the drill and the backup
// scheduler take a Clock so that tests can drive hours of waiting in
// microseconds and see exactly which deadline fired.
class Clock
{
public:
    virtual ~Clock() = default;

    virtual QDateTime nowUtc() const = 0;
    // Monotonic milliseconds, for measuring durations; unrelated to wall time.
    virtual qint64 monotonicMs() const = 0;
    virtual void sleepFor(std::chrono::milliseconds duration) = 0;
};

class SystemClock final : public Clock
{
public:
    QDateTime nowUtc() const override;
    qint64 monotonicMs() const override;
    void sleepFor(std::chrono::milliseconds duration) override;

    static SystemClock &instance();
};

} // namespace aegis
