#pragma once

#include <QString>

namespace aegis::ProcessState {

// What the kernel says of a process, from /proc (Linux, as the gateway is).
// A zombie has exited and waits for its parent to reap it: it holds nothing
// and serves nothing, but its pid is still taken.
enum class State { Gone, Running, Zombie };

State of(qint64 pid);
// The raw /proc/<pid>/stat line, or "gone": for messages about a process
// that did not do what was expected.
QString describe(qint64 pid);

} // namespace aegis::ProcessState
