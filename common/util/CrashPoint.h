#pragma once

#include <QByteArray>
#include <QtGlobal>

#include <csignal>

namespace aegis::CrashPoint {

// A named moment inside a multi-step file operation (between two renames,
// say) where a test can have the process die of SIGKILL, as a kill -9 or a
// power cut would, to prove what the next start finds there. The test names
// the point in AEGIS_TEST_CRASH_AT. Compiled to nothing unless the target
// defines AEGIS_TEST_HOOKS, which only builds with tests do: the packaged
// binary has no such switch.
inline void reached(const char *name)
{
#ifdef AEGIS_TEST_HOOKS
    if (qgetenv("AEGIS_TEST_CRASH_AT") == name)
        ::raise(SIGKILL);
#else
    Q_UNUSED(name);
#endif
}

} // namespace aegis::CrashPoint
