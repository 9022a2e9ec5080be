#pragma once

#include <QString>

#include <array>
#include <optional>

namespace aegis {

// The steps of a disaster-recovery drill (RESTORE_AND_DRILL.md, "Disaster-
// recovery drill"), in the order they run. StopGateway and Cleanup run after
// any failure or cancel too: a drill never leaves a process or a file behind.
enum class DrillStep
{
    ObtainBackup,  // take a fresh one, or fetch the newest / a named one
    VerifyBackup,  // integrity, sha256 against the manifest, schema, chains
    RestoreCopy,   // verified copy into the scratch directory
    StartGateway,  // throwaway gateway on a free loopback port
    WaitReady,     // /health then /readyz
    SpotCheck,     // counts against the manifest
    VerifyChain,   // every chain against the manifest heads, served
    SyntheticCall, // one authorization: the restored gateway is writable
    StopGateway,
    Cleanup
};

namespace DrillSteps {

constexpr int Count = 10;
const std::array<DrillStep, Count> &all();
// "obtain_backup", ...: stable ids for JSON.
QString id(DrillStep step);
std::optional<DrillStep> fromId(const QString &id);
// 1-based position.
int number(DrillStep step);

} // namespace DrillSteps

} // namespace aegis
