#pragma once

#include <QMutex>
#include <QThread>
#include <QWaitCondition>

#include <atomic>
#include <memory>

namespace aegis {

class Database;

// Copies the write-ahead log back into the database file on a thread of
// its own. SQLite's automatic checkpoint would otherwise run inside the
// writer's commits, making the authorizations of that batch wait for
// page copies and a second fsync. Passive checkpoints never block the
// writer; the writer only says when it committed something.
class Checkpointer
{
public:
    explicit Checkpointer(Database &database);
    ~Checkpointer();

    bool start(QString *error);
    void stop();
    // Called by the writer after a commit.
    void notifyCommitted();

    quint64 checkpoints() const { return m_checkpoints.load(); }

private:
    void run();

    Database &m_database;
    std::unique_ptr<QThread> m_thread;
    QMutex m_mutex;
    QWaitCondition m_wake;
    bool m_stopping = false;
    bool m_pending = false;
    std::atomic<quint64> m_checkpoints{0};
};

} // namespace aegis
