#pragma once

#include <QString>

#include <optional>

namespace aegis {

// The steps of a restore (RESTORE_AND_DRILL.md, "The restore, step by
// step"), in the order they run. The spec's step 5 is split in two
// (Start, WaitReady) so that a progress display can show the readiness wait
// with its own time. Rollback is not a step of a successful run: it appears
// only when something after the stop failed.
enum class RestoreStep
{
    Preflight,
    Stop,
    MoveAside,
    Copy,
    Start,
    WaitReady,
    SpotCheck,
    VerifyChain,
    Finish,
    Rollback
};

namespace RestoreSteps {

// "preflight", "stop", "move_aside", ...: stable ids for JSON and journals.
QString id(RestoreStep step);
std::optional<RestoreStep> fromId(const QString &id);
// "Stop the gateway": for people.
QString title(RestoreStep step);
// 1-based position among the steps of a successful run (Rollback: 0).
int number(RestoreStep step);
constexpr int Count = 9;

} // namespace RestoreSteps

} // namespace aegis
