#include "console/util/BackgroundTask.h"

#include <QThread>

#include <openssl/crypto.h>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace aegis::console {

namespace {

// Destroyed at exit, after waiting for whatever still runs.
Q_GLOBAL_STATIC(QThreadPool, consolePool)

} // namespace

QThreadPool *BackgroundTask::pool()
{
    QThreadPool *p = consolePool();
    // At least two threads, so that a download check can run beside a
    // long verification.
    if (p->maxThreadCount() < 2)
        p->setMaxThreadCount(2);
    return p;
}

BackgroundTask::ThreadStateRelease::~ThreadStateRelease()
{
    OPENSSL_thread_stop();
}

void BackgroundTask::yieldToInterface()
{
    // Linux keeps a nice value per thread; Qt's thread priorities do not
    // change anything under the default scheduler.
    static thread_local bool lowered = false;
    if (lowered)
        return;
    lowered = true;
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
}

void BackgroundTask::waitForAll()
{
    pool()->waitForDone();
}

} // namespace aegis::console
