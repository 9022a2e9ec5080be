#include "common/util/LowPriorityThread.h"

#include <algorithm>
#include <cerrno>
#include <thread>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace aegis {

namespace {

pid_t threadId()
{
    return pid_t(::syscall(SYS_gettid));
}

} // namespace

int LowPriorityThread::currentNice()
{
    errno = 0;
    const int nice = ::getpriority(PRIO_PROCESS, id_t(threadId()));
    return errno == 0 ? nice : 0;
}

void LowPriorityThread::run(const std::function<void()> &work, int increment)
{
    std::thread thread([&work, increment] {
        // On Linux the nice value belongs to the thread (PRIO_PROCESS with
        // a thread id). Failing to lower it is harmless: the work runs as
        // before.
        ::setpriority(PRIO_PROCESS, id_t(threadId()), std::min(currentNice() + increment, 19));
        work();
    });
    thread.join();
}

} // namespace aegis
