#include "gateway/http/BackgroundRunner.h"

#include "gateway/GatewayLogging.h"

#include <exception>

namespace aegis {

namespace {

int index(WorkKind kind)
{
    return static_cast<int>(kind);
}

} // namespace

BackgroundRunner::BackgroundRunner(int threads, int queueLimit, QObject *parent)
    : QObject(parent)
    , m_threads(qMax(1, threads))
    , m_agentThreads(qMax(1, m_threads - 1))
    , m_queueLimit(qMax(0, queueLimit))
{
    m_pool.setMaxThreadCount(m_threads);
    m_pool.setObjectName(QStringLiteral("aegis-background"));
}

BackgroundRunner::~BackgroundRunner()
{
    shutdown(-1);
}

int BackgroundRunner::waiting(WorkKind kind) const
{
    QMutexLocker lock(&m_mutex);
    return int(m_waiting[index(kind)].size());
}

quint64 BackgroundRunner::refused(WorkKind kind) const
{
    QMutexLocker lock(&m_mutex);
    return m_refused[index(kind)];
}

bool BackgroundRunner::admit(WorkKind kind, std::function<void()> job)
{
    QMutexLocker lock(&m_mutex);
    auto &queue = m_waiting[index(kind)];
    m_active.fetch_add(1);
    queue.push_back(std::move(job));
    startWaitingLocked();
    // A job that starts at once never waited; one left over the bound is refused.
    if (qsizetype(queue.size()) > m_queueLimit) {
        queue.pop_back();
        m_active.fetch_sub(1);
        ++m_refused[index(kind)];
        return false;
    }
    return true;
}

// Jobs go to the pool only when it has a free thread, so the pool never
// queues anything itself and the order is decided here alone.
void BackgroundRunner::startWaitingLocked()
{
    while (m_runningTotal < m_threads) {
        int chosen = -1;
        for (int kind = 0; kind < WorkKindCount && chosen < 0; ++kind) {
            if (m_waiting[kind].empty())
                continue;
            // While shutting down nothing waits for a reserved thread.
            if (kind == index(WorkKind::Agent) && m_running[kind] >= m_agentThreads && !m_shuttingDown.load())
                continue;
            chosen = kind;
        }
        if (chosen < 0)
            return;
        std::function<void()> job = std::move(m_waiting[chosen].front());
        m_waiting[chosen].pop_front();
        ++m_running[chosen];
        ++m_runningTotal;
        m_pool.start([this, chosen, job = std::move(job)] {
            job();
            QMutexLocker lock(&m_mutex);
            --m_running[chosen];
            --m_runningTotal;
            startWaitingLocked();
        });
    }
}

void BackgroundRunner::respondLater(WorkKind kind, const HttpExchange &exchange, Work work)
{
    if (m_shuttingDown.load()) {
        exchange.respond(HttpResponse::error(503, QStringLiteral("the gateway is shutting down")));
        return;
    }
    const CancellationToken token(exchange.state(), &m_shuttingDown);
    const bool admitted = admit(kind, [this, exchange, work = std::move(work), token] {
        HttpResponse response;
        try {
            response = work(token);
        } catch (const std::exception &e) {
            qCCritical(lcHttp, "background work for %s %s threw: %s", exchange.request().method.constData(),
                       qPrintable(exchange.request().path), e.what());
            response = HttpResponse::error(500, QStringLiteral("internal error; see the gateway log"));
        }
        // Answer on the HTTP thread; `this` outlives the pool's work.
        QMetaObject::invokeMethod(
            this,
            [this, exchange, response] {
                exchange.respond(response);
                m_active.fetch_sub(1);
            },
            Qt::QueuedConnection);
    });
    if (!admitted) {
        HttpResponse busy = HttpResponse::error(
            429, QStringLiteral("too much %1 work is waiting already (%2 jobs); retry later")
                     .arg(QLatin1String(workKindName(kind)))
                     .arg(m_queueLimit));
        exchange.respond(busy.withHeader("Retry-After", QByteArray::number(RetryAfterSeconds)));
    }
}

bool BackgroundRunner::run(WorkKind kind, std::function<void(const CancellationToken &)> work)
{
    if (m_shuttingDown.load())
        return false;
    return admit(kind, [this, work = std::move(work)] {
        try {
            work(CancellationToken({}, &m_shuttingDown));
        } catch (const std::exception &e) {
            qCCritical(lcHttp, "background work threw: %s", e.what());
        }
        m_active.fetch_sub(1);
    });
}

bool BackgroundRunner::shutdown(int msecs)
{
    {
        QMutexLocker lock(&m_mutex);
        m_shuttingDown.store(true);
        startWaitingLocked();
    }
    // Jobs started by finishing ones are in the pool before their
    // predecessor leaves it, so an empty pool means nothing is left.
    return m_pool.waitForDone(msecs);
}

} // namespace aegis
