#pragma once

#include "common/util/LogThrottle.h"

#include <QMutex>
#include <QThread>
#include <QWaitCondition>

#include <atomic>
#include <deque>
#include <vector>
#include <functional>
#include <memory>

struct sqlite3;

namespace aegis {

class Database;
class StatementCache;
class WalCheckpoints;

// The one writer. Every write of the gateway runs here, on a dedicated
// thread with its own connection, so the HTTP thread never waits for a lock.
//
// Jobs that arrive while a commit is being made durable are committed
// together in the next transaction (group commit), each inside a savepoint
// so that one failing job does not take the others with it. A job's `done`
// is called only after the transaction holding it is committed, which with
// synchronous=FULL means on disk: the answer to a client can never claim
// more than the database holds.
class WriteQueue
{
public:
    struct Job
    {
        // Runs on the writer thread inside the open transaction. Returns
        // false (with a message) to undo this job's statements alone. It
        // may run twice (a batch with a failing job is run again, job by
        // job), so it must derive its results from the database and what
        // it captured, and overwrite (not accumulate) what it reports.
        std::function<bool(StatementCache &context, QString *error)> work;
        // Called once with the outcome: committed, or failed with a reason.
        // Runs on the thread of the queue's context object.
        std::function<void(bool committed, const QString &error)> done;
        // Whether the job changes evidence (decisions, receipts, agents,
        // policies), for "has anything changed since the last backup".
        bool changesData = true;
        // Call `done` on the writer thread itself (for submitAndWait()).
        bool doneOnWriterThread = false;
    };

    // `context` is the long-lived object on whose thread `done` runs. It must
    // outlive stop(): the writer thread posts to it without checking, since
    // a QPointer may not be read on one thread while another destroys its
    // object.
    WriteQueue(Database &database, QObject *context, int maxBatch = 512);
    ~WriteQueue();
    WriteQueue(const WriteQueue &) = delete;
    WriteQueue &operator=(const WriteQueue &) = delete;

    // Starts the writer thread and waits until its connection is open.
    bool start(QString *error);
    // Keeps the write-ahead log within `checkpoints`' bound: the writer
    // reports each commit's log size and, between batches, resets the log
    // when it has passed the bound. While a checkpointer thread runs,
    // SQLite's automatic checkpoints are off on the writer's connection
    // (they would run inside commits); without one they stay on.
    // Call before start().
    void setWalCheckpoints(WalCheckpoints *checkpoints) { m_wal = checkpoints; }
    void submit(Job job);
    // For worker threads (never the HTTP thread): submits and waits until
    // the job is committed or has failed. Returns whether it was committed.
    bool submitAndWait(Job job, QString *error);
    // Commits what is queued, then stops the thread. Later submits fail.
    void stop();

    // Alive: the thread runs and no job has waited longer than `stuckAfterMs`.
    bool isHealthy(qint64 stuckAfterMs = 30'000) const;
    quint64 dataChangeCount() const { return m_dataChanges.load(); }
    quint64 transactionCount() const { return m_transactions.load(); }
    quint64 jobCount() const { return m_jobs.load(); }

    // Whether the last batch could be written. A full disk shows here (and
    // in /readyz) from the first failed write until one succeeds again.
    enum class WriteHealth { Ok, DiskFull, Failing };
    WriteHealth writeHealth() const { return m_writeHealth.load(); }
    QString lastWriteError() const;

private:
    struct Pending
    {
        Job job;
        qint64 queuedAtMs;
    };

    void run();
    void watchWal(StatementCache &db);
    void limitWal();
    void commitBatch(StatementCache &db, std::deque<Pending> &batch);
    bool runAll(StatementCache &db, std::deque<Pending> &batch);
    void runEachInSavepoint(StatementCache &db, std::deque<Pending> &batch, std::vector<char> &succeeded,
                            std::vector<QString> &errors);
    void deliver(const Job &job, bool committed, const QString &error);
    // The connection's last SQLite error, when it is the storage's fault
    // (full, I/O, read-only) rather than one job's (a constraint); else 0.
    int storageError() const;
    void noteWrite(bool wrote, int sqliteCode, const QString &error);

    Database &m_database;
    WalCheckpoints *m_wal = nullptr;
    QObject *const m_context; // null: `done` runs on the writer thread (tests)
    const int m_maxBatch;
    std::unique_ptr<QThread> m_thread;

    mutable QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_started;
    std::deque<Pending> m_queue;
    bool m_stopping = false;
    bool m_running = false;
    QString m_startError;
    bool m_startDone = false;

    std::atomic<quint64> m_dataChanges{0};
    std::atomic<quint64> m_transactions{0};
    std::atomic<quint64> m_jobs{0};

    sqlite3 *m_handle = nullptr; // the writer thread's connection
    int m_batchStorageError = 0;  // writer thread only
    LogThrottle m_logThrottle{std::chrono::seconds(10)};
    std::atomic<WriteHealth> m_writeHealth{WriteHealth::Ok};
    QString m_lastWriteError; // guarded by m_mutex
};

} // namespace aegis
