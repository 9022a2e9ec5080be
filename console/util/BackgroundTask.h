#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QPointer>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>
#include <utility>

namespace aegis::console {

// Runs file and verification work off the UI thread and hands the result
// back on it. The console has its own pool: Qt's global pool has two
// threads here and QtKeychain or Qt itself may want them.
class BackgroundTask
{
public:
    static QThreadPool *pool();

    // `done` runs on the UI thread, and only while `context` lives: a page
    // closed mid-run simply never hears of the result.
    template<typename Result>
    static void run(QObject *context, std::function<Result()> work, std::function<void(Result)> done)
    {
        auto *watcher = new QFutureWatcher<Result>(context);
        QObject::connect(watcher, &QFutureWatcher<Result>::finished, context,
            [watcher, done = std::move(done)] {
                Result result = watcher->future().takeResult();
                watcher->deleteLater();
                done(std::move(result));
            });
        watcher->setFuture(QtConcurrent::run(pool(), [work = std::move(work)] {
            yieldToInterface();
            const ThreadStateRelease release;
            return work();
        }));
    }

    // Destroys `value` on a worker: freeing a few hundred thousand table rows
    // takes long enough to stall the UI thread.
    template<typename T>
    static void dispose(T value)
    {
        if constexpr (std::is_move_constructible_v<T>) {
            QThreadPool *target = pool();
            target->start([holder = std::make_shared<T>(std::move(value))]() mutable {
                yieldToInterface();
                holder.reset();
            });
        }
    }

    // Waits for every job: at exit, after asking them to cancel.
    static void waitForAll();

private:
    // Hands back what libraries keep per thread (OpenSSL's error state)
    // after each job: pool threads outlive OpenSSL's cleanup at exit, and
    // what they still held then would be lost.
    struct ThreadStateRelease
    {
        ~ThreadStateRelease();
    };

    // Lowers the calling worker thread's scheduling priority (once): with
    // two cores, a verifier at full speed must not take the UI thread's turn.
    static void yieldToInterface();
};

} // namespace aegis::console
