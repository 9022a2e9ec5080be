#pragma once

#include <QHash>
#include <QHostAddress>
#include <QMutex>

namespace aegis {

class Clock;

// Counts wrong credentials per client address. After MaxFailures within
// Window, every request from that address that needs a credential gets 429
// for Block, valid credential or not: answering a right guess during the
// block would let guessing go on at full speed. The cost is that clients
// sharing an address (a NAT, a proxy) share the block; docs/security.md.
class AuthFailureThrottle
{
public:
    static constexpr int MaxFailures = 10;
    static constexpr qint64 WindowMs = 60'000;
    static constexpr qint64 BlockMs = 60'000;

    explicit AuthFailureThrottle(const Clock *clock = nullptr);

    // Whole seconds until `peer` may present a credential again; 0: now.
    int blockedForSeconds(const QHostAddress &peer);
    // Returns true when this failure started a block.
    bool recordFailure(const QHostAddress &peer);
    void recordSuccess(const QHostAddress &peer);

private:
    struct Entry
    {
        int failures = 0;
        qint64 windowStartMs = 0;
        qint64 blockedUntilMs = 0;
    };
    void forgetStale(qint64 now);

    const Clock &m_clock;
    QMutex m_mutex;
    QHash<QHostAddress, Entry> m_entries;
};

} // namespace aegis
