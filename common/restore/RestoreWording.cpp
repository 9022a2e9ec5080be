#include "common/restore/RestoreWording.h"

#include "common/restore/RestoreRefusal.h"
#include "common/restore/RestoreReport.h"
#include "common/util/Timestamp.h"

#include <QFileInfo>
#include <QStringList>

namespace aegis {

namespace {

QString seconds(qint64 ms)
{
    return QString::number(ms / 1000.0, 'f', 1);
}

} // namespace

// The words of the finding a finding was caused by, or its outside cause.
QString RestoreWording::reason(const StepFinding &finding, const TimeFormat &time)
{
    return finding.parts.empty() ? finding.cause : RestoreWording::finding(finding.parts.front(), time);
}

QString RestoreWording::utc(const QDateTime &time)
{
    return time.isValid() ? Timestamp::millis(time) : QString();
}

QString RestoreWording::finding(const StepFinding &f, const TimeFormat &time)
{
    const TimeFormat when = time ? time : TimeFormat(&RestoreWording::utc);
    using Kind = StepFinding::Kind;
    switch (f.kind) {
    case Kind::None:
        return {};
    case Kind::ChecksPassed:
        return tr("every check passed");
    case Kind::ChecksRefused:
        return tr("refused");
    case Kind::ChecksPassedEarlier:
        return tr("passed when the interrupted restore began");
    case Kind::AlreadyStopped:
        return tr("the gateway was already stopped (/health refused, database lock "
                  "free)");
    case Kind::Stopped:
        return tr("stopped: /health is refused and an exclusive lock on the "
                  "database was taken");
    case Kind::StopRequestFailed:
        return tr("the gateway could not be stopped: %1").arg(f.cause);
    case Kind::NotStopped:
        return tr("the gateway was not seen stopped within %1 s: %2").arg(seconds(f.ms), f.cause);
    case Kind::StopWaitCancelled:
        return tr("cancelled while waiting for the gateway to stop");
    case Kind::NothingToSetAside:
        return tr("there was no live database to set aside");
    case Kind::SetAside:
        return tr("%1 file(s) set aside as %2 (database sha256 %3)")
            .arg(f.count)
            .arg(QFileInfo(f.path).fileName(), f.sha256.isEmpty() ? QStringLiteral("-") : f.sha256);
    case Kind::Copied:
        return tr("copied, fsynced and verified (sha256 %1), then renamed to %2").arg(f.sha256, f.path);
    case Kind::CopyChanged:
        return tr("the copy %1 no longer hashes to the backup's sha256 (%2)").arg(f.path, f.sha256);
    case Kind::AlreadyRunning:
        return tr("the gateway is already running (started before an interruption)");
    case Kind::Started:
        return f.cause.isEmpty() ? tr("the gateway was started") : f.cause;
    case Kind::StartFailed:
        return tr("the gateway could not be started: %1").arg(f.cause);
    case Kind::Ready:
        return tr("/health and /readyz answer 200 (schema %1, migrations %2)").arg(f.schema).arg(f.name);
    case Kind::NotHealthy:
        return tr("the gateway did not become healthy within %1 s: /health %2").arg(seconds(f.ms), f.cause);
    case Kind::NotReady:
        return tr("the gateway is healthy but not ready after %1 s: /readyz %2").arg(seconds(f.ms), f.cause);
    case Kind::ReadyWaitCancelled:
        return tr("cancelled while waiting for the gateway to become ready");
    case Kind::CountsExact:
    case Kind::CountsGrown:
        return tr("agents %1, decisions %2, receipts %3: %4")
            .arg(f.agents)
            .arg(f.decisions)
            .arg(f.receipts)
            .arg(f.kind == Kind::CountsExact ? tr("exactly the backup's point in time")
                                             : tr("the backup's point in time plus what the gateway took "
                                                  "since it started"));
    case Kind::SpotCheckFailed:
    case Kind::ChainCheckFailed: {
        QStringList problems;
        for (const StepFinding &part : f.parts)
            problems << finding(part, when);
        return (f.kind == Kind::SpotCheckFailed ? tr("spot check: %1") : tr("chain verification: %1"))
            .arg(problems.join(QStringLiteral("; ")));
    }
    case Kind::EndpointFailed:
        return tr("%1: %2").arg(f.name, f.cause);
    case Kind::NoDecisionsListed:
        return tr("GET /v1/decisions?limit=5 lists nothing, the backup holds %1 "
                  "decision(s)")
            .arg(f.expected);
    case Kind::NewestDecisionOlder:
        return tr("the newest decision served (%1) is older than the backup's "
                  "newest (%2)")
            .arg(when(f.at), when(f.expectedAt));
    case Kind::CountsUnreadable:
        return tr("the counts cannot be read: %1").arg(f.cause);
    case Kind::CountShort:
        return tr("%1: the gateway serves %2, the backup holds %3").arg(f.name).arg(f.count).arg(f.expected);
    case Kind::ChainsVerified:
        return tr("%1 receipt(s) verified by the gateway; every tenant's head "
                  "matches or extends the manifest head")
            .arg(f.count);
    case Kind::NoChains:
        return tr("no receipts in the backup or the gateway: there is no chain to prove");
    case Kind::VerifyRangeFailed:
        return tr("POST /v1/receipts/verify-range: %1").arg(f.cause);
    case Kind::GatewayVerifyFailed:
        return tr("the gateway's verification failed: %1").arg(f.cause);
    case Kind::ChainMissing:
        return tr("tenant %1: the gateway serves no chain, the backup has %2 "
                  "receipt(s)")
            .arg(f.tenant)
            .arg(f.expected);
    case Kind::ChainBroken:
        return tr("tenant %1: the served chain does not verify").arg(f.tenant);
    case Kind::ChainTruncated:
        return tr("tenant %1: %2 receipt(s) served, the backup has %3").arg(f.tenant).arg(f.count).arg(f.expected);
    case Kind::ChainHeadDiffers:
        return tr("tenant %1: the served head %2 is not the manifest head %3")
            .arg(f.tenant, f.sha256, f.expectedSha256);
    case Kind::ChainLacksHead:
        return tr("tenant %1: the served chain is longer but does not contain the "
                  "manifest head (receipt %2: %3)")
            .arg(f.tenant, f.name, f.cause);
    case Kind::FilesFailed:
        return f.cause;
    case Kind::JournalNotWritten:
        return tr("cannot write the restore journal: %1").arg(f.cause);
    case Kind::Cancelled:
        return tr("cancelled by the operator");
    case Kind::Interrupted:
        return tr("rolled back after the restore was interrupted while %1").arg(f.name);
    case Kind::Refused:
        return tr("the preflight checks refused the restore");
    case Kind::RolledBack:
        return tr("the original files are back under the live names (sha256 "
                  "checked) and the gateway serves them");
    case Kind::NothingMoved:
        return tr("no file had been moved; the gateway serves the original database");
    case Kind::RestoredNotStopped:
        return tr("the gateway running on the restored copy could not be stopped: "
                  "%1")
            .arg(reason(f, when));
    case Kind::PutBackFailed:
        return tr("the original files could not be put back: %1").arg(f.cause);
    case Kind::PutBackMismatch:
        return tr("the database put back at %1 does not hash to the original's "
                  "sha256 %2")
            .arg(f.path, f.expectedSha256);
    case Kind::GatewayNotReady:
        return tr("a gateway holds the database but does not become ready: %1").arg(reason(f, when));
    case Kind::OriginalNotServed:
        return tr("%1; the gateway did not come back: %2")
            .arg(f.count > 0 ? tr("the original database is back in place") : tr("no file was moved"), reason(f, when));
    case Kind::FilesKept:
        return tr("the .bad files are kept beside the database");
    case Kind::FilesArchived:
        return tr("the .bad files were archived to %1").arg(f.path);
    case Kind::FilesDeleted:
        return tr("the .bad files were deleted");
    case Kind::DisposalIncomplete:
        return tr("%1 did not complete (%2); the files not handled stay where they "
                  "are")
            .arg(f.name, f.cause);
    case Kind::JournalPresent:
        return tr("an unfinished restore's journal %1 is beside the database: "
                  "finish or roll it back first; nothing "
                  "was changed")
            .arg(f.path);
    case Kind::HashStopped:
        return tr("stopped before anything was changed");
    case Kind::Unreadable:
        return tr("%1 cannot be read (%2); nothing was changed").arg(f.path, f.cause);
    }
    return {};
}

QString RestoreWording::step(const StepRecord &record, const TimeFormat &time)
{
    return record.finding.isEmpty() ? record.legacySummary : finding(record.finding, time);
}

QString RestoreWording::failure(const RestoreFailure &failure, const TimeFormat &time)
{
    return failure.finding.isEmpty() ? failure.legacyText : finding(failure.finding, time);
}

QString RestoreWording::failure(const RestoreReport &report, const TimeFormat &time)
{
    if (report.failure.kind() == StepFinding::Kind::Refused)
        return RestoreRefusal::fromChecks(report.checks).toText();
    return failure(report.failure, time);
}

QString RestoreWording::checkDetail(const PreflightCheck &check, const TimeFormat &time)
{
    if (!check.createdAt.isValid())
        return check.detail;
    return tr("%1 (created %2)").arg(check.detail, time ? time(check.createdAt) : utc(check.createdAt));
}

QString RestoreWording::rollbackCommand(const QString &database)
{
    return QStringLiteral("aegis-restore --resume --rollback --db %1").arg(database);
}

QString RestoreWording::nextAction(const RestoreNextAction &action)
{
    using Kind = RestoreNextAction::Kind;
    switch (action.kind) {
    case Kind::Legacy:
        return action.legacyText;
    case Kind::FinishNow:
        return tr("the journal could not record the verified state (%1); finish "
                  "now")
            .arg(action.cause);
    case Kind::StopGatewayThenRollBack:
        return tr("stop the gateway, then run %1. The original database is safe%2.")
            .arg(rollbackCommand(action.database), action.path.isEmpty() ? QString() : tr(" at %1").arg(action.path));
    case Kind::FixCauseThenRollBack:
        return tr("fix the cause (%1), then run %2. Nothing was deleted%3.")
            .arg(action.cause, rollbackCommand(action.database),
                 action.path.isEmpty() ? QString() : tr("; the original database is at %1").arg(action.path));
    case Kind::RestoreOriginalByHand:
        return tr("do not start the gateway; compare the files listed in this "
                  "report and restore the original by hand");
    case Kind::RestartGatewayThenRollBack:
        return tr("look at the gateway's log and restart it; then run %1 to close "
                  "the journal")
            .arg(rollbackCommand(action.database));
    case Kind::StartGatewayThenRollBack:
        return tr("start the gateway (its database is the original), then run %1 "
                  "to close the journal")
            .arg(rollbackCommand(action.database));
    case Kind::RemoveJournal:
        return tr("remove the finished journal %1 by hand (%2)").arg(action.path, action.cause);
    case Kind::KeepOutput:
        return tr("the report could not be saved (%1); keep this output").arg(action.cause);
    case Kind::FinishNeedsVerified:
        return tr("finish() needs a verified restore");
    }
    return {};
}

QString RestoreWording::nextActions(const QList<RestoreNextAction> &actions)
{
    QStringList words;
    for (const RestoreNextAction &action : actions)
        words << nextAction(action);
    return words.join(QStringLiteral("; "));
}

} // namespace aegis
