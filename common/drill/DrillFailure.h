#pragma once

#include <QString>

#include <optional>

namespace aegis {

// Why a drill did not pass, as a value: the words are made at the edge
// (DrillText), the evidence travels beside it (DrillReport::failureDetail).
enum class DrillFailure
{
    None,
    BackupUnavailable,     // the backup could not be taken, found or fetched
    BackupDamaged,         // not a sound SQLite database (integrity_check)
    ManifestMissing,       // no manifest: nothing to check the backup against
    ManifestMismatch,      // sha256 or size differ from the manifest
    SchemaTooNew,          // the gateway binary is older than the backup
    EvidenceBroken,        // a receipt chain in the backup fails or misses its manifest head
    NoSpace,               // no room in the scratch directory
    CheckFailed,           // another check of the backup refused it
    CopyFailed,            // the verified copy into the scratch directory failed
    ProductionAddress,     // the throwaway gateway would have bound production's address
    GatewayDidNotStart,    // the binary did not start or exited
    GatewayNotReady,       // /health or /readyz did not answer 200 in time
    CountsMismatch,        // served agents/decisions/receipts differ from the manifest
    ServedChainMismatch,   // verify-range failed or a head differs from the manifest
    NotWritable,           // the synthetic authorization failed or did not extend the chain
    StopFailed,            // the throwaway gateway could not be stopped
    CleanupFailed,         // the scratch directory could not be removed
    RecoveryPointExceeded, // the backup was older than allowed
    RecoveryTimeExceeded,  // restore to verified serving took longer than allowed
    Cancelled
};

namespace DrillFailures {

QString id(DrillFailure failure);
std::optional<DrillFailure> fromId(const QString &id);

} // namespace DrillFailures

} // namespace aegis
