#include "gateway/storage/WalCheckpoints.h"

#include <QElapsedTimer>
#include <QFileInfo>

#include <sqlite3.h>

#include <algorithm>

namespace aegis {

namespace {

// How long a restart waits for readers to leave the log. The writer (and
// with it every authorization in the queue) waits that long at most; the
// HTTP thread's reads last microseconds, so only long background reads
// (a backup, a verification) ever make it give up.
constexpr int RestartWaitMs = 20;
constexpr int FirstBackoffMs = 50;
constexpr int MaxBackoffMs = 1000;

} // namespace

WalCheckpoints::WalCheckpoints(const QString &databasePath, qint64 boundBytes, std::chrono::milliseconds busyTimeout)
    : m_walPath(databasePath + QStringLiteral("-wal"))
    , m_boundBytes(boundBytes)
    , m_busyTimeoutMs(int(busyTimeout.count()))
{
}

void WalCheckpoints::noteCommitted(int logFrames)
{
    // Fewer frames than before: the log started over with this commit.
    const int before = m_logFrames.exchange(logFrames);
    m_framesWritten.fetch_add(quint64(logFrames >= before ? logFrames - before : logFrames));
    m_commits.fetch_add(1);
}

bool WalCheckpoints::runPassive(sqlite3 *db, QString *error)
{
    QMutexLocker lock(&m_checkpointLock);
    const int rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
        if (error)
            *error = QString::fromUtf8(sqlite3_errmsg(db));
        return false;
    }
    m_passive.fetch_add(1);
    return true;
}

WalCheckpoints::RestartOutcome WalCheckpoints::restartIfDue(sqlite3 *db, QString *error)
{
    const qint64 logBytes = HeaderBytes + qint64(m_logFrames.load()) * m_frameBytes.load();
    if (logBytes <= m_boundBytes || !m_retryAfter.hasExpired())
        return RestartOutcome::NotDue;

    QMutexLocker lock(&m_checkpointLock);
    QElapsedTimer clock;
    clock.start();
    sqlite3_busy_timeout(db, RestartWaitMs);
    const int rc = sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_RESTART, nullptr, nullptr);
    sqlite3_busy_timeout(db, m_busyTimeoutMs);
    m_lastRestartMicros.store(clock.nsecsElapsed() / 1000);

    if (rc == SQLITE_OK) {
        m_restarts.fetch_add(1);
        m_logFrames.store(0);
        m_backoffMs = 0;
        return RestartOutcome::Done;
    }
    m_backoffMs = m_backoffMs == 0 ? FirstBackoffMs : std::min(2 * m_backoffMs, MaxBackoffMs);
    m_retryAfter.setRemainingTime(m_backoffMs);
    if (rc == SQLITE_BUSY) {
        m_restartsBlocked.fetch_add(1);
        return RestartOutcome::Blocked;
    }
    if (error)
        *error = QString::fromUtf8(sqlite3_errmsg(db));
    return RestartOutcome::Failed;
}

qint64 WalCheckpoints::fileBytes() const
{
    const QFileInfo wal(m_walPath);
    return wal.exists() ? wal.size() : 0;
}

WalCheckpoints::Snapshot WalCheckpoints::snapshot() const
{
    Snapshot s;
    s.boundBytes = m_boundBytes;
    s.fileBytes = fileBytes();
    const int frames = m_logFrames.load();
    s.logBytes = frames > 0 ? HeaderBytes + qint64(frames) * m_frameBytes.load() : 0;
    s.writtenBytes = m_framesWritten.load() * quint64(m_frameBytes.load());
    s.passive = m_passive.load();
    s.restarts = m_restarts.load();
    s.restartsBlocked = m_restartsBlocked.load();
    s.lastRestartMicros = m_lastRestartMicros.load();
    s.background = m_background.load();
    return s;
}

} // namespace aegis
