#pragma once

#include "gateway/http/HttpExchange.h"
#include "gateway/http/HttpResponse.h"
#include "gateway/http/WorkKind.h"

#include <QMutex>
#include <QObject>
#include <QThreadPool>

#include <array>
#include <atomic>
#include <deque>
#include <functional>
#include <memory>

namespace aegis {

// Whether the work should give up: its client went away, or the gateway is
// shutting down. Cheap to copy and safe to poll from any thread.
class CancellationToken
{
public:
    CancellationToken() = default;
    CancellationToken(std::shared_ptr<ExchangeState> exchange, const std::atomic<bool> *shutdown)
        : m_exchange(std::move(exchange))
        , m_shutdown(shutdown)
    {
    }

    bool isCancelled() const
    {
        return (m_exchange && m_exchange->clientGone.load()) || (m_shutdown && m_shutdown->load());
    }
    std::function<bool()> asFunction() const
    {
        return [token = *this] { return token.isCancelled(); };
    }

private:
    std::shared_ptr<ExchangeState> m_exchange;
    const std::atomic<bool> *m_shutdown = nullptr;
};

// The one way to run long work (backups, chain verification, file and
// count work) off the HTTP thread: the work runs on a dedicated pool (the
// global pool has only two threads here and is shared), sees a
// CancellationToken, and its answer is written back on the HTTP thread only
// if the client is still connected. Everything the work needs from the
// request is in the exchange's copy.
//
// Admission: each WorkKind has a queue of at most `queueLimit` waiting jobs;
// a job that finds its queue full is refused (429 with Retry-After) rather
// than waiting behind an unbounded backlog. A free thread takes the waiting
// job of the highest kind first, and agent work never occupies the last
// thread, so an operator's backup never waits behind agents' verifications.
class BackgroundRunner : public QObject
{
    Q_OBJECT

public:
    using Work = std::function<HttpResponse(const CancellationToken &cancel)>;

    // Seconds a refused client is told to wait.
    static constexpr int RetryAfterSeconds = 5;

    BackgroundRunner(int threads, int queueLimit, QObject *parent = nullptr);
    ~BackgroundRunner() override;

    // Answers 429 itself when the kind's queue is full, 503 when shutting down.
    void respondLater(WorkKind kind, const HttpExchange &exchange, Work work);
    // Work with nobody to answer (scheduled backups); false when refused.
    bool run(WorkKind kind, std::function<void(const CancellationToken &cancel)> work);

    // Asks running work to stop and waits for it, at most `msecs`; jobs
    // still waiting then run at once and see themselves cancelled.
    bool shutdown(int msecs);
    // Admitted and not finished (answered) yet.
    int active() const { return m_active.load(); }
    int waiting(WorkKind kind) const;
    quint64 refused(WorkKind kind) const;

private:
    bool admit(WorkKind kind, std::function<void()> job);
    void startWaitingLocked();

    const int m_threads;
    const int m_agentThreads;
    const int m_queueLimit;
    QThreadPool m_pool;
    mutable QMutex m_mutex;
    std::array<std::deque<std::function<void()>>, WorkKindCount> m_waiting;
    std::array<int, WorkKindCount> m_running{};
    std::array<quint64, WorkKindCount> m_refused{};
    int m_runningTotal = 0;
    std::atomic<bool> m_shuttingDown{false};
    std::atomic<int> m_active{0};
};

} // namespace aegis
