#include "gateway/storage/WriteQueue.h"

#include "gateway/GatewayLogging.h"
#include "gateway/storage/Database.h"
#include "gateway/storage/ScopedConnection.h"
#include "gateway/storage/StatementCache.h"
#include "gateway/storage/WalCheckpoints.h"

#include <QDeadlineTimer>
#include <QSqlError>
#include <QSqlQuery>

#include <sqlite3.h>

#include <algorithm>
#include <exception>

namespace aegis {

namespace {

qint64 nowMs()
{
    return QDeadlineTimer::current().deadline();
}

// The writer runs these few statements for every job: prepared once.
bool exec(StatementCache &statements, const char *sql, QString *error)
{
    auto query = statements.prepared(QLatin1String(sql));
    if (query->exec())
        return true;
    if (error)
        *error = query->lastError().text();
    return false;
}

} // namespace

WriteQueue::WriteQueue(Database &database, QObject *context, int maxBatch)
    : m_database(database)
    , m_context(context)
    , m_maxBatch(maxBatch)
{
}

WriteQueue::~WriteQueue()
{
    stop();
}

bool WriteQueue::start(QString *error)
{
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->setObjectName(QStringLiteral("aegis-writer"));
    m_thread->start();
    QMutexLocker lock(&m_mutex);
    while (!m_startDone)
        m_started.wait(&m_mutex);
    if (!m_startError.isEmpty()) {
        if (error)
            *error = m_startError;
        lock.unlock();
        m_thread->wait();
        m_thread.reset();
        return false;
    }
    return true;
}

void WriteQueue::submit(Job job)
{
    {
        QMutexLocker lock(&m_mutex);
        if (m_running && !m_stopping) {
            m_queue.push_back({std::move(job), nowMs()});
            m_wake.wakeOne();
            return;
        }
    }
    deliver(job, false, QStringLiteral("the database writer is not running"));
}

bool WriteQueue::submitAndWait(Job job, QString *error)
{
    struct Completion
    {
        QMutex mutex;
        QWaitCondition condition;
        bool finished = false;
        bool committed = false;
        QString error;
    };
    auto completion = std::make_shared<Completion>();
    job.doneOnWriterThread = true;
    job.done = [completion](bool committed, const QString &message) {
        QMutexLocker lock(&completion->mutex);
        completion->finished = true;
        completion->committed = committed;
        completion->error = message;
        completion->condition.wakeAll();
    };
    submit(std::move(job));
    QMutexLocker lock(&completion->mutex);
    while (!completion->finished)
        completion->condition.wait(&completion->mutex);
    if (error)
        *error = completion->error;
    return completion->committed;
}

void WriteQueue::stop()
{
    if (!m_thread)
        return;
    {
        QMutexLocker lock(&m_mutex);
        m_stopping = true;
        m_wake.wakeOne();
    }
    m_thread->wait();
    m_thread.reset();
}

bool WriteQueue::isHealthy(qint64 stuckAfterMs) const
{
    QMutexLocker lock(&m_mutex);
    if (!m_running)
        return false;
    return m_queue.empty() || nowMs() - m_queue.front().queuedAtMs < stuckAfterMs;
}

void WriteQueue::run()
{
    ScopedConnection connection(m_database, QStringLiteral("writer"));
    {
        QMutexLocker lock(&m_mutex);
        if (!connection.isOpen())
            m_startError = QStringLiteral("cannot open the database for writing: %1").arg(connection.error());
        else
            m_running = true;
        m_startDone = true;
        m_started.wakeAll();
        if (!m_running)
            return;
    }

    StatementCache context(connection.db());
    // Receipt ids are random (UUIDv4, as RECEIPTS.md prescribes), so every
    // insert lands on a random page of two unique indexes. With SQLite's
    // default 2 MiB cache those pages are read back from the OS for every
    // batch once the indexes outgrow it; 64 MiB keeps millions of rows' worth.
    exec(context, "PRAGMA cache_size = -65536", nullptr);
    m_handle = ScopedConnection::nativeHandle(connection.db());
    watchWal(context);
    std::deque<Pending> batch;
    for (;;) {
        {
            QMutexLocker lock(&m_mutex);
            while (m_queue.empty() && !m_stopping)
                m_wake.wait(&m_mutex);
            if (m_queue.empty() && m_stopping) {
                m_running = false;
                break;
            }
            while (!m_queue.empty() && int(batch.size()) < m_maxBatch) {
                batch.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
        }
        commitBatch(context, batch);
        batch.clear();
        limitWal();
    }
}

namespace {

// SQLite calls this after every commit of the writer's connection with the
// number of frames in the log. Registering it replaces SQLite's automatic
// checkpoint, so without a checkpointer thread it runs that itself.
int onWalCommit(void *context, sqlite3 *db, const char *, int frames)
{
    auto *checkpoints = static_cast<WalCheckpoints *>(context);
    checkpoints->noteCommitted(frames);
    constexpr int AutomaticCheckpointFrames = 1000; // SQLite's default
    if (!checkpoints->background() && frames >= AutomaticCheckpointFrames)
        checkpoints->runPassive(db, nullptr);
    return SQLITE_OK;
}

} // namespace

void WriteQueue::watchWal(StatementCache &db)
{
    if (!m_wal)
        return;
    auto pageSize = db.prepared(QStringLiteral("PRAGMA page_size"));
    if (pageSize->exec() && pageSize->next())
        m_wal->setPageSize(pageSize->value(0).toInt());
    // The file itself is cut back to the bound whenever the log starts over.
    auto limit = db.prepared(QStringLiteral("PRAGMA journal_size_limit = %1").arg(m_wal->boundBytes()));
    if (!limit->exec())
        qCWarning(lcWriter, "cannot set journal_size_limit: %s", qPrintable(limit->lastError().text()));
    sqlite3_wal_hook(m_handle, onWalCommit, m_wal);
}

void WriteQueue::limitWal()
{
    if (!m_wal)
        return;
    QString error;
    const auto outcome = m_wal->restartIfDue(m_handle, &error);
    if (outcome == WalCheckpoints::RestartOutcome::Failed)
        qCWarning(lcWriter, "cannot reset the write-ahead log: %s", qPrintable(error));
}

namespace {

bool runJob(const WriteQueue::Job &job, StatementCache &context, QString *error)
{
    try {
        return job.work(context, error);
    } catch (const std::exception &e) {
        *error = QString::fromUtf8(e.what());
        return false;
    }
}

} // namespace

bool WriteQueue::runAll(StatementCache &db, std::deque<Pending> &batch)
{
    // The common case: every job succeeds, and no savepoint is paid for.
    QString ignored;
    for (Pending &pending : batch) {
        if (!runJob(pending.job, db, &ignored))
            return false;
    }
    return true;
}

void WriteQueue::runEachInSavepoint(StatementCache &db, std::deque<Pending> &batch, std::vector<char> &succeeded,
                                    std::vector<QString> &errors)
{
    // One job failed: run them again, each inside a savepoint, so that only
    // the failing one is undone.
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (!exec(db, "SAVEPOINT aegis_job", &errors[i]))
            continue;
        if (runJob(batch[i].job, db, &errors[i])) {
            succeeded[i] = exec(db, "RELEASE aegis_job", &errors[i]);
        } else {
            if (const int code = storageError())
                m_batchStorageError = code;
            QString ignored;
            exec(db, "ROLLBACK TO aegis_job", &ignored);
            exec(db, "RELEASE aegis_job", &ignored);
        }
    }
}

void WriteQueue::commitBatch(StatementCache &db, std::deque<Pending> &batch)
{
    QString error;
    m_batchStorageError = 0;
    if (!exec(db, "BEGIN IMMEDIATE", &error)) {
        noteWrite(false, storageError(), error);
        m_logThrottle.warn(lcWriter(), QStringLiteral("cannot begin a write transaction: %1").arg(error));
        for (const Pending &pending : batch)
            deliver(pending.job, false, QStringLiteral("the database is not writable: %1").arg(error));
        return;
    }

    std::vector<char> succeeded(batch.size(), 1);
    std::vector<QString> errors(batch.size());
    if (!runAll(db, batch)) {
        QString ignored;
        exec(db, "ROLLBACK", &ignored);
        if (!exec(db, "BEGIN IMMEDIATE", &error)) {
            noteWrite(false, storageError(), error);
            for (const Pending &pending : batch)
                deliver(pending.job, false, QStringLiteral("the database is not writable: %1").arg(error));
            return;
        }
        std::fill(succeeded.begin(), succeeded.end(), 0);
        runEachInSavepoint(db, batch, succeeded, errors);
    }

    if (!exec(db, "COMMIT", &error)) {
        noteWrite(false, storageError(), error);
        m_logThrottle.warn(lcWriter(), QStringLiteral("commit failed; the batch's jobs were not written and were "
                                                      "answered as failed: %1")
                                           .arg(error));
        QString ignored;
        exec(db, "ROLLBACK", &ignored);
        for (const Pending &pending : batch)
            deliver(pending.job, false, QStringLiteral("the transaction could not be committed: %1").arg(error));
        return;
    }

    m_transactions.fetch_add(1);
    const bool wroteAny = std::find(succeeded.begin(), succeeded.end(), 1) != succeeded.end();
    if (wroteAny || m_batchStorageError == 0)
        noteWrite(true, 0, {});
    else
        noteWrite(false, m_batchStorageError, errors.front());
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (succeeded[i]) {
            m_jobs.fetch_add(1);
            if (batch[i].job.changesData)
                m_dataChanges.fetch_add(1);
        }
        deliver(batch[i].job, succeeded[i], errors[i]);
    }
}

int WriteQueue::storageError() const
{
    const int code = sqlite3_errcode(m_handle);
    switch (code & 0xff) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_READONLY:
    case SQLITE_CANTOPEN:
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return code;
    default:
        return 0;
    }
}

void WriteQueue::noteWrite(bool wrote, int sqliteCode, const QString &error)
{
    if (wrote) {
        if (m_writeHealth.exchange(WriteHealth::Ok) != WriteHealth::Ok)
            qCInfo(lcWriter, "writes succeed again");
        return;
    }
    {
        QMutexLocker lock(&m_mutex);
        m_lastWriteError = error;
    }
    m_writeHealth.store((sqliteCode & 0xff) == SQLITE_FULL ? WriteHealth::DiskFull : WriteHealth::Failing);
}

QString WriteQueue::lastWriteError() const
{
    QMutexLocker lock(&m_mutex);
    return m_lastWriteError;
}

void WriteQueue::deliver(const Job &job, bool committed, const QString &error)
{
    if (!job.done)
        return;
    if (!m_context || job.doneOnWriterThread) {
        job.done(committed, error);
        return;
    }
    QMetaObject::invokeMethod(
        m_context, [done = job.done, committed, error] { done(committed, error); }, Qt::QueuedConnection);
}

} // namespace aegis
