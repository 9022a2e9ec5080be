#include "common/drill/DrillText.h"

namespace aegis {

QString DrillText::stepTitle(DrillStep step)
{
    switch (step) {
    case DrillStep::ObtainBackup: return tr("Obtain the backup");
    case DrillStep::VerifyBackup: return tr("Verify the backup");
    case DrillStep::RestoreCopy: return tr("Restore into a scratch directory");
    case DrillStep::StartGateway: return tr("Start a throwaway gateway");
    case DrillStep::WaitReady: return tr("Wait for /health and /readyz");
    case DrillStep::SpotCheck: return tr("Spot-check the counts");
    case DrillStep::VerifyChain: return tr("Verify every receipt chain");
    case DrillStep::SyntheticCall: return tr("Authorize one synthetic call");
    case DrillStep::StopGateway: return tr("Stop the throwaway gateway");
    case DrillStep::Cleanup: return tr("Remove the scratch directory");
    }
    return {};
}

QString DrillText::outcome(DrillStepRecord::Outcome outcome)
{
    switch (outcome) {
    case DrillStepRecord::Outcome::Passed: return tr("passed");
    case DrillStepRecord::Outcome::Warning: return tr("passed, with a warning");
    case DrillStepRecord::Outcome::Failed: return tr("FAILED");
    case DrillStepRecord::Outcome::Cancelled: return tr("cancelled");
    case DrillStepRecord::Outcome::Skipped: return tr("not reached");
    }
    return {};
}

QString DrillText::outcome(DrillReport::Outcome outcome)
{
    switch (outcome) {
    case DrillReport::Outcome::Passed: return tr("PASSED");
    case DrillReport::Outcome::Failed: return tr("FAILED");
    case DrillReport::Outcome::Cancelled: return tr("CANCELLED");
    }
    return {};
}

QString DrillText::checkTitle(const DrillCheck &check)
{
    switch (check.kind) {
    case DrillCheck::Kind::BackupIntegrity: return tr("Backup integrity (PRAGMA integrity_check)");
    case DrillCheck::Kind::Manifest: return tr("Backup manifest present and readable");
    case DrillCheck::Kind::BackupSha256: return tr("Backup sha256 against its manifest");
    case DrillCheck::Kind::Schema: return tr("Backup schema known to the gateway binary");
    case DrillCheck::Kind::BackupChains: return tr("Receipt chains in the backup verify and reach the manifest heads");
    case DrillCheck::Kind::Space: return tr("Room in the scratch directory");
    case DrillCheck::Kind::OtherPreflight: return tr("Restore check: %1").arg(check.subject);
    case DrillCheck::Kind::CopySha256: return tr("Restored copy's sha256, read back from disk");
    case DrillCheck::Kind::ThrowawayAddress: return tr("Throwaway gateway's address is not production's");
    case DrillCheck::Kind::Agents: return tr("Agents served");
    case DrillCheck::Kind::Decisions: return tr("Decisions served");
    case DrillCheck::Kind::Receipts: return tr("Receipts served");
    case DrillCheck::Kind::ServedChain: return tr("verify-range on the restored gateway");
    case DrillCheck::Kind::ServedHead: return tr("Chain head of tenant %1").arg(check.subject);
    case DrillCheck::Kind::SyntheticReceipt: return tr("New receipt extends the chain (tenant %1)").arg(check.subject);
    case DrillCheck::Kind::RecoveryPoint: return tr("Recovery point within the limit");
    case DrillCheck::Kind::RecoveryTime: return tr("Recovery time within the limit");
    case DrillCheck::Kind::NoProcessLeft: return tr("No throwaway gateway process left");
    case DrillCheck::Kind::NoScratchLeft: return tr("No scratch directory left");
    }
    return {};
}

QString DrillText::failureReason(DrillFailure failure)
{
    switch (failure) {
    case DrillFailure::None: return {};
    case DrillFailure::BackupUnavailable: return tr("the backup could not be taken or fetched");
    case DrillFailure::BackupDamaged: return tr("the backup is not a sound SQLite database");
    case DrillFailure::ManifestMissing: return tr("the backup has no readable manifest to check it against");
    case DrillFailure::ManifestMismatch: return tr("the backup's sha256 does not match its manifest (damaged or altered)");
    case DrillFailure::SchemaTooNew: return tr("the backup's schema is newer than the gateway binary");
    case DrillFailure::EvidenceBroken: return tr("a receipt chain in the backup is broken or does not reach its manifest head");
    case DrillFailure::NoSpace: return tr("there is no room for the scratch copy");
    case DrillFailure::CheckFailed: return tr("a check of the backup refused it");
    case DrillFailure::CopyFailed: return tr("the backup could not be copied and verified into the scratch directory");
    case DrillFailure::ProductionAddress: return tr("no loopback address apart from production's was free for the throwaway gateway");
    case DrillFailure::GatewayDidNotStart: return tr("the throwaway gateway did not start on the restored copy");
    case DrillFailure::GatewayNotReady: return tr("the throwaway gateway did not become healthy and ready in time");
    case DrillFailure::CountsMismatch: return tr("the restored gateway serves other counts than the backup holds");
    case DrillFailure::ServedChainMismatch: return tr("the restored gateway's chains do not verify or do not match the manifest heads");
    case DrillFailure::NotWritable: return tr("the restored gateway could not record a new decision that extends the chain");
    case DrillFailure::StopFailed: return tr("the throwaway gateway could not be proven stopped");
    case DrillFailure::CleanupFailed: return tr("the scratch directory could not be removed");
    case DrillFailure::RecoveryPointExceeded: return tr("the backup is older than the allowed recovery point");
    case DrillFailure::RecoveryTimeExceeded: return tr("the restore took longer than the allowed recovery time");
    case DrillFailure::Cancelled: return tr("the drill was cancelled");
    }
    return {};
}

QString DrillText::verdict(const DrillReport &report)
{
    if (report.passed())
        return tr("PASSED");
    QString text = outcome(report.outcome);
    if (report.failedStep)
        text += tr(" at \"%1\"").arg(stepTitle(*report.failedStep));
    text += QStringLiteral(": ") + failureReason(report.failure);
    return text;
}

QString DrillText::duration(qint64 ms)
{
    if (ms < 0)
        return tr("unknown");
    if (ms < 60000)
        return tr("%1 s").arg(ms / 1000.0, 0, 'f', 1);
    const qint64 minutes = ms / 60000;
    if (minutes < 60)
        return tr("%1 min %2 s").arg(minutes).arg((ms / 1000) % 60);
    const qint64 hours = minutes / 60;
    if (hours < 48)
        return tr("%1 h %2 min").arg(hours).arg(minutes % 60);
    return tr("%1 d %2 h").arg(hours / 24).arg(hours % 24);
}

QString DrillText::summaryLine(const DrillReport &report, const QString &reportSha256)
{
    return tr("aegis-drill: %1; backup %2; recovery point %3; recovery time %4; report sha256 %5")
        .arg(verdict(report), report.backupName.isEmpty() ? tr("(none)") : report.backupName,
             duration(report.recoveryPointMs), duration(report.recoveryTimeMs),
             reportSha256.isEmpty() ? tr("(not written)") : reportSha256);
}

} // namespace aegis
