#pragma once

#include <QDeadlineTimer>
#include <QMutex>
#include <QString>

#include <atomic>
#include <chrono>

struct sqlite3;

namespace aegis {

// Every checkpoint of the gateway's write-ahead log goes through here: the
// checkpointer's passive ones, and the writer's restarts that keep the log
// within its bound.
//
// Why both: a passive checkpoint copies committed pages into the database
// without blocking the writer, but it never lets the log start over while
// the writer keeps appending, so under sustained load the -wal file grows
// without bound (34.7 GiB in four minutes, measured). When the log passes
// its bound the writer, between two batches, runs a RESTART checkpoint: by
// then the checkpointer has copied most pages, so what is left is the tail
// and the wait for readers to leave the log; the next commit starts the log
// from the beginning and `journal_size_limit` cuts the file back.
//
// SQLite refuses a second checkpoint while one runs (without calling the
// busy handler), so the two kinds are serialized here rather than left to
// fail. Counts and sizes are kept for /readyz and /metrics.
class WalCheckpoints
{
public:
    struct Snapshot
    {
        qint64 boundBytes = 0;
        qint64 fileBytes = 0;       // the -wal file on disk now
        qint64 logBytes = 0;        // written to the log since it last started over
        quint64 writtenBytes = 0;   // appended to the log since the gateway started
        quint64 passive = 0;        // passive checkpoints run
        quint64 restarts = 0;       // restart checkpoints that reset the log
        quint64 restartsBlocked = 0; // restarts a reader kept from finishing
        qint64 lastRestartMicros = 0;
        bool background = false;    // a checkpointer thread runs (else SQLite's automatic ones)
    };

    enum class RestartOutcome { NotDue, Done, Blocked, Failed };

    WalCheckpoints(const QString &databasePath, qint64 boundBytes, std::chrono::milliseconds busyTimeout);
    WalCheckpoints(const WalCheckpoints &) = delete;
    WalCheckpoints &operator=(const WalCheckpoints &) = delete;

    qint64 boundBytes() const { return m_boundBytes; }
    // The page size decides how many bytes a logged frame takes.
    void setPageSize(int pageSize) { m_frameBytes.store(pageSize + FrameHeaderBytes); }
    // Whether a checkpointer thread runs. Without one the writer's
    // connection keeps SQLite's automatic checkpoints.
    void setBackground(bool running) { m_background.store(running); }
    bool background() const { return m_background.load(); }

    // From the writer's WAL hook after each commit: frames now in the log.
    void noteCommitted(int logFrames);
    quint64 commits() const { return m_commits.load(); }

    // A passive checkpoint on `db` (the checkpointer's connection, or the
    // writer's when there is no checkpointer). Returns false on an error.
    bool runPassive(sqlite3 *db, QString *error);
    // On the writer's connection, between batches: resets the log when it
    // has passed its bound. Waits for readers at most a few milliseconds;
    // when one keeps the log busy the restart is tried again after a pause
    // that doubles (up to a second), so a long backup read does not stall
    // every batch.
    RestartOutcome restartIfDue(sqlite3 *db, QString *error);

    Snapshot snapshot() const;
    // The -wal file's size on disk (0 when there is none).
    qint64 fileBytes() const;

private:
    static constexpr int HeaderBytes = 32;
    static constexpr int FrameHeaderBytes = 24;

    const QString m_walPath;
    const qint64 m_boundBytes;
    const int m_busyTimeoutMs;

    QMutex m_checkpointLock;
    std::atomic<int> m_frameBytes{4096 + FrameHeaderBytes};
    std::atomic<int> m_logFrames{0};
    std::atomic<quint64> m_framesWritten{0};
    std::atomic<quint64> m_commits{0};
    std::atomic<quint64> m_passive{0};
    std::atomic<quint64> m_restarts{0};
    std::atomic<quint64> m_restartsBlocked{0};
    std::atomic<qint64> m_lastRestartMicros{0};
    std::atomic<bool> m_background{false};

    // Writer thread only.
    QDeadlineTimer m_retryAfter;
    int m_backoffMs = 0;
};

} // namespace aegis
