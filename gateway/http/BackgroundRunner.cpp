#include "gateway/http/BackgroundRunner.h"

#include "gateway/http/HttpLogging.h"

#include <exception>

namespace aegis {

BackgroundRunner::BackgroundRunner(int threads, QObject *parent)
    : QObject(parent)
{
    m_pool.setMaxThreadCount(threads);
    m_pool.setObjectName(QStringLiteral("aegis-background"));
}

BackgroundRunner::~BackgroundRunner()
{
    m_shuttingDown.store(true);
    m_pool.waitForDone();
}

void BackgroundRunner::respondLater(const HttpExchange &exchange, Work work)
{
    if (m_shuttingDown.load()) {
        exchange.respond(HttpResponse::error(503, QStringLiteral("the gateway is shutting down")));
        return;
    }
    m_active.fetch_add(1);
    const CancellationToken token(exchange.state(), &m_shuttingDown);
    m_pool.start([this, exchange, work = std::move(work), token] {
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
}

void BackgroundRunner::run(std::function<void(const CancellationToken &)> work)
{
    if (m_shuttingDown.load())
        return;
    m_active.fetch_add(1);
    m_pool.start([this, work = std::move(work)] {
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
    m_shuttingDown.store(true);
    return m_pool.waitForDone(msecs);
}

} // namespace aegis
