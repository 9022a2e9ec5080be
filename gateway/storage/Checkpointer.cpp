#include "gateway/storage/Checkpointer.h"

#include "gateway/storage/Database.h"
#include "gateway/storage/ScopedConnection.h"
#include "gateway/storage/WalCheckpoints.h"

#include "common/util/LogThrottle.h"
#include "gateway/GatewayLogging.h"


namespace aegis {

namespace {

// Often enough that the log stays small (readers search it), rarely enough
// that a checkpoint copies many commits' pages at once.
constexpr unsigned long IntervalMs = 50;

} // namespace

Checkpointer::Checkpointer(Database &database, WalCheckpoints &checkpoints)
    : m_database(database)
    , m_checkpoints(checkpoints)
{
}

Checkpointer::~Checkpointer()
{
    stop();
}

bool Checkpointer::start(QString *error)
{
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("aegis-checkpoint"));
    m_thread->start(QThread::LowPriority);
    QMutexLocker lock(&m_mutex);
    while (!m_startDone)
        m_started.wait(&m_mutex);
    if (m_startError.isEmpty())
        return true;
    if (error)
        *error = m_startError;
    lock.unlock();
    m_thread->wait();
    m_thread.reset();
    return false;
}

void Checkpointer::stop()
{
    if (!m_thread)
        return;
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_wake.wakeAll();
    }
    m_thread->wait();
    m_thread.reset();
    m_checkpoints.setBackground(false);
}

void Checkpointer::run()
{
    ScopedConnection connection(m_database, QStringLiteral("checkpoint"));
    {
        QMutexLocker lock(&m_mutex);
        if (!connection.isOpen())
            m_startError = connection.error();
        else
            m_checkpoints.setBackground(true);
        m_startDone = true;
        m_started.wakeAll();
        if (!connection.isOpen())
            return;
    }
    sqlite3 *handle = ScopedConnection::nativeHandle(connection.db());
    quint64 seen = m_checkpoints.commits();
    LogThrottle failures(std::chrono::seconds(10));
    for (;;) {
        {
            QMutexLocker lock(&m_mutex);
            if (!m_stopping)
                m_wake.wait(&m_mutex, IntervalMs);
            if (m_stopping)
                return;
        }
        const quint64 commits = m_checkpoints.commits();
        if (commits == seen)
            continue;
        seen = commits;
        QString error;
        if (!m_checkpoints.runPassive(handle, &error))
            failures.warn(lcCheckpoint(), QStringLiteral("checkpoint failed: %1").arg(error));
    }
}

} // namespace aegis
