#include "common/util/LogThrottle.h"

#include "common/util/Clock.h"

#include <QLoggingCategory>

namespace aegis {

namespace {

// Distinct messages remembered at most; past it the memory starts over
// (a flood of distinct messages then logs once more each, and no more).
constexpr qsizetype MaxEntries = 256;

} // namespace

LogThrottle::LogThrottle(std::chrono::milliseconds interval, const Clock *clock)
    : m_intervalMs(interval.count())
    , m_clock(clock ? *clock : SystemClock::instance())
{
}

bool LogThrottle::admit(const QString &message, quint64 *suppressed)
{
    const qint64 now = m_clock.monotonicMs();
    QMutexLocker lock(&m_mutex);
    auto it = m_entries.find(message);
    if (it == m_entries.end()) {
        if (m_entries.size() >= MaxEntries)
            m_entries.clear();
        m_entries.insert(message, Entry{now, 0});
        *suppressed = 0;
        return true;
    }
    if (now - it->lastLoggedMs < m_intervalMs) {
        ++it->suppressed;
        return false;
    }
    *suppressed = it->suppressed;
    it->suppressed = 0;
    it->lastLoggedMs = now;
    return true;
}

void LogThrottle::warn(const QLoggingCategory &category, const QString &message)
{
    quint64 suppressed = 0;
    if (!admit(message, &suppressed) || !category.isWarningEnabled())
        return;
    if (suppressed == 0)
        QMessageLogger(nullptr, 0, nullptr, category.categoryName()).warning("%s", qPrintable(message));
    else
        QMessageLogger(nullptr, 0, nullptr, category.categoryName())
            .warning("%s (and %llu more times since it was last logged)", qPrintable(message),
                     static_cast<unsigned long long>(suppressed));
}

} // namespace aegis
