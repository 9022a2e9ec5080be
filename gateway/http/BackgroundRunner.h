#pragma once

#include "gateway/http/HttpExchange.h"
#include "gateway/http/HttpResponse.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>
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

// The one way to run long work (backups, chain verification) off the HTTP
// thread: the work runs on a dedicated pool (the global pool has only two
// threads here and is shared), sees a CancellationToken, and its answer is
// written back on the HTTP thread only if the client is still connected.
// Everything the work needs from the request is in the exchange's copy.
class BackgroundRunner : public QObject
{
    Q_OBJECT

public:
    using Work = std::function<HttpResponse(const CancellationToken &cancel)>;

    explicit BackgroundRunner(int threads, QObject *parent = nullptr);
    ~BackgroundRunner() override;

    void respondLater(const HttpExchange &exchange, Work work);
    // Work with nobody to answer (scheduled backups).
    void run(std::function<void(const CancellationToken &cancel)> work);

    // Asks running work to stop and waits for it, at most `msecs`.
    bool shutdown(int msecs);
    int active() const { return m_active.load(); }

private:
    QThreadPool m_pool;
    std::atomic<bool> m_shuttingDown{false};
    std::atomic<int> m_active{0};
};

} // namespace aegis
