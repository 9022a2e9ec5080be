#pragma once

#include <functional>

namespace aegis {

// Runs work on a thread of its own whose scheduling priority is lowered
// (nice raised by `increment`), and waits for it. Threads the work starts
// inherit the lower priority. For long work that must not slow what is
// served meanwhile: a backup reads the whole database and would otherwise
// take a core from the authorizations (bench/service-during-backup.sh).
// The caller's own thread keeps its priority: an unprivileged process can
// lower a thread's priority but never raise it again, so pooled threads
// are never lowered.
class LowPriorityThread
{
public:
    static constexpr int DefaultIncrement = 10;

    static void run(const std::function<void()> &work, int increment = DefaultIncrement);
    // The calling thread's nice value (for tests and logs).
    static int currentNice();
};

} // namespace aegis
