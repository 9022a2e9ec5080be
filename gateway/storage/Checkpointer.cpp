#include "gateway/storage/Checkpointer.h"

#include "gateway/storage/Database.h"
#include "gateway/storage/ScopedConnection.h"

#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcCheckpoint, "aegis.db.checkpoint")

namespace aegis {

namespace {

// Often enough that the log stays small (readers search it), rarely enough
// that a checkpoint copies many commits' pages at once.
constexpr unsigned long IntervalMs = 50;

} // namespace

Checkpointer::Checkpointer(Database &database)
    : m_database(database)
{
}

Checkpointer::~Checkpointer()
{
    stop();
}

bool Checkpointer::start(QString *)
{
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("aegis-checkpoint"));
    m_thread->start(QThread::LowPriority);
    return true;
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
}

void Checkpointer::notifyCommitted()
{
    QMutexLocker lock(&m_mutex);
    m_pending = true;
}

void Checkpointer::run()
{
    ScopedConnection connection(m_database, QStringLiteral("checkpoint"));
    if (!connection.isOpen()) {
        qCWarning(lcCheckpoint, "cannot open the database: %s; SQLite's own checkpoints remain",
                  qPrintable(connection.error()));
        return;
    }
    QSqlQuery checkpoint(connection.db());
    for (;;) {
        {
            QMutexLocker lock(&m_mutex);
            if (!m_stopping)
                m_wake.wait(&m_mutex, IntervalMs);
            if (m_stopping)
                return;
            if (!m_pending)
                continue;
            m_pending = false;
        }
        if (!checkpoint.exec(QStringLiteral("PRAGMA wal_checkpoint(PASSIVE)")))
            qCWarning(lcCheckpoint, "checkpoint failed: %s", qPrintable(checkpoint.lastError().text()));
        checkpoint.finish();
        m_checkpoints.fetch_add(1);
    }
}

} // namespace aegis
