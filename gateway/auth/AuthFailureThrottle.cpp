#include "gateway/auth/AuthFailureThrottle.h"

#include "common/util/Clock.h"
#include "gateway/http/ConnectionAdmission.h"

namespace aegis {

namespace {

// Addresses remembered at most; past it, those neither blocked nor in a
// current window are forgotten first.
constexpr qsizetype MaxEntries = 10'000;

} // namespace

AuthFailureThrottle::AuthFailureThrottle(const Clock *clock)
    : m_clock(clock ? *clock : SystemClock::instance())
{
}

int AuthFailureThrottle::blockedForSeconds(const QHostAddress &peer)
{
    const qint64 now = m_clock.monotonicMs();
    QMutexLocker lock(&m_mutex);
    const auto it = m_entries.constFind(ConnectionAdmission::clientKey(peer));
    if (it == m_entries.cend() || it->blockedUntilMs <= now)
        return 0;
    return int((it->blockedUntilMs - now + 999) / 1000);
}

bool AuthFailureThrottle::recordFailure(const QHostAddress &peer)
{
    const qint64 now = m_clock.monotonicMs();
    QMutexLocker lock(&m_mutex);
    if (m_entries.size() >= MaxEntries)
        forgetStale(now);
    Entry &entry = m_entries[ConnectionAdmission::clientKey(peer)];
    if (now - entry.windowStartMs >= WindowMs) {
        entry.failures = 0;
        entry.windowStartMs = now;
    }
    if (++entry.failures < MaxFailures)
        return false;
    entry.failures = 0;
    entry.blockedUntilMs = now + BlockMs;
    return true;
}

void AuthFailureThrottle::recordSuccess(const QHostAddress &peer)
{
    QMutexLocker lock(&m_mutex);
    m_entries.remove(ConnectionAdmission::clientKey(peer));
}

void AuthFailureThrottle::forgetStale(qint64 now)
{
    m_entries.removeIf([now](const QHash<QHostAddress, Entry>::iterator it) {
        return it->blockedUntilMs <= now && now - it->windowStartMs >= WindowMs;
    });
    if (m_entries.size() >= MaxEntries)
        m_entries.clear(); // a flood of addresses: start over rather than grow
}

} // namespace aegis
