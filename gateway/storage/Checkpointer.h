#pragma once

#include <QMutex>
#include <QString>
#include <QThread>
#include <QWaitCondition>

#include <memory>

namespace aegis {

class Database;
class WalCheckpoints;

// Copies the write-ahead log back into the database file on a thread of
// its own. SQLite's automatic checkpoint would otherwise run inside the
// writer's commits, making the authorizations of that batch wait for page
// copies and a second fsync. Passive checkpoints never block the writer;
// the writer's own restarts (see WalCheckpoints) then find little left to
// copy.
class Checkpointer
{
public:
    Checkpointer(Database &database, WalCheckpoints &checkpoints);
    ~Checkpointer();

    // Starts the thread and waits until its connection is open. On failure
    // nothing runs and `error` says why.
    bool start(QString *error);
    void stop();

private:
    void run();

    Database &m_database;
    WalCheckpoints &m_checkpoints;
    std::unique_ptr<QThread> m_thread;
    QMutex m_mutex;
    QWaitCondition m_wake;
    QWaitCondition m_started;
    bool m_startDone = false;
    QString m_startError;
    bool m_stopping = false;
};

} // namespace aegis
