#include "common/restore/RestoreReport.h"

#include "common/restore/RestoreWording.h"

#include <QJsonDocument>
#include <QStringList>

namespace aegis {

QString RestoreReport::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Verified:
        return QStringLiteral("verified");
    case Outcome::RolledBack:
        return QStringLiteral("rolled_back");
    case Outcome::Refused:
        return QStringLiteral("refused");
    case Outcome::Aborted:
        return QStringLiteral("aborted");
    case Outcome::NeedsAttention:
        return QStringLiteral("needs_attention");
    case Outcome::Declined:
        return QStringLiteral("declined");
    case Outcome::Planned:
        return QStringLiteral("planned");
    }
    return {};
}

QString RestoreReport::outcomeSentence(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Verified:
        return QStringLiteral("RESTORED AND VERIFIED: the gateway serves the backup's data and its receipt chains match the backup.");
    case Outcome::RolledBack:
        return QStringLiteral("ROLLED BACK: the restore failed; the original database is back in place and served again.");
    case Outcome::Refused:
        return QStringLiteral("REFUSED: the preflight checks failed; nothing was changed.");
    case Outcome::Aborted:
        return QStringLiteral("ABORTED: the restore stopped before any file was moved.");
    case Outcome::NeedsAttention:
        return QStringLiteral("NEEDS ATTENTION: the restore could not finish or roll back by itself; no file was deleted.");
    case Outcome::Declined:
        return QStringLiteral("DECLINED: the restore was not confirmed; nothing was changed.");
    case Outcome::Planned:
        return QStringLiteral("DRY RUN: nothing was changed.");
    }
    return {};
}

bool RestoreReport::hasFile(ReportFile::Kind kind) const
{
    for (const ReportFile &file : files) {
        if (file.kind == kind)
            return true;
    }
    return false;
}

QJsonObject RestoreReport::toJson() const
{
    QJsonArray fileList;
    for (const ReportFile &file : files)
        fileList.append(file.toJson());
    QJsonArray checkList;
    for (const PreflightCheck &check : checks)
        checkList.append(check.toJson());
    QJsonArray stepList;
    for (const StepRecord &step : steps)
        stepList.append(step.toJson());
    QJsonObject out{
        {QStringLiteral("format"), QStringLiteral("aegis-restore-report-1")},
        {QStringLiteral("id"), id},
        {QStringLiteral("outcome"), outcomeName(outcome)},
        {QStringLiteral("verified"), outcome == Outcome::Verified},
        {QStringLiteral("started_at"), startedAt},
        {QStringLiteral("finished_at"), finishedAt},
        {QStringLiteral("database"), databasePath},
        {QStringLiteral("gateway_url"), gatewayUrl},
        {QStringLiteral("service"), service},
        {QStringLiteral("backup"), backup},
        {QStringLiteral("preflight"), checkList},
        {QStringLiteral("plan"), plan},
        {QStringLiteral("steps"), stepList},
        {QStringLiteral("verification"), verification.toJson()},
        {QStringLiteral("files"), fileList},
        {QStringLiteral("resumed"), resumed},
    };
    if (!failure.isEmpty()) {
        failure.writeInto(out);
        out.insert(QStringLiteral("failure"), RestoreWording::failure(*this));
    }
    if (!disposition.isEmpty()) {
        out.insert(QStringLiteral("bad_files"), RestoreWording::finding(disposition));
        out.insert(QStringLiteral("bad_files_finding"), disposition.toJson());
    }
    RestoreNextAction::writeInto(out, nextActions);
    if (!saveError.isEmpty())
        out.insert(QStringLiteral("save_error"), saveError);
    return out;
}

QString RestoreReport::toText() const
{
    QStringList lines;
    lines << QStringLiteral("Aegis restore report %1").arg(id);
    lines << QString(48, QLatin1Char('='));
    lines << outcomeSentence(outcome);
    if (!failure.isEmpty())
        lines << QStringLiteral("What failed: %1 (step %2)")
                     .arg(RestoreWording::failure(*this), RestoreSteps::id(failure.step));
    if (!nextActions.isEmpty())
        lines << QStringLiteral("What to do now: %1").arg(RestoreWording::nextActions(nextActions));
    lines << QString();
    lines << QStringLiteral("Database:  %1").arg(databasePath);
    lines << QStringLiteral("Gateway:   %1 (%2)").arg(gatewayUrl, service);
    lines << QStringLiteral("Started:   %1").arg(startedAt);
    lines << QStringLiteral("Finished:  %1").arg(finishedAt);
    if (resumed)
        lines << QStringLiteral("Resumed after an interruption, from the journal.");
    if (!backup.isEmpty()) {
        lines << QStringLiteral("Backup:    %1").arg(backup.value(QStringLiteral("path")).toString());
        lines << QStringLiteral("  sha256:  %1").arg(backup.value(QStringLiteral("sha256")).toString());
        lines << QStringLiteral("  created: %1 (age %2 s), schema %3, %4 bytes")
                     .arg(backup.value(QStringLiteral("created_at")).toString())
                     .arg(backup.value(QStringLiteral("age_seconds")).toInteger())
                     .arg(backup.value(QStringLiteral("schema_version")).toInt())
                     .arg(backup.value(QStringLiteral("size_bytes")).toInteger());
    }
    if (!checks.isEmpty()) {
        lines << QString() << QStringLiteral("Preflight checks:");
        for (const PreflightCheck &check : checks) {
            lines << QStringLiteral("  [%1] %2: %3")
                         .arg(PreflightCheck::statusName(check.status), check.title,
                              RestoreWording::checkDetail(check));
            if (check.blocks() && !check.remedy.isEmpty())
                lines << QStringLiteral("         what to do: %1").arg(check.remedy);
        }
    }
    if (!steps.isEmpty()) {
        lines << QString() << QStringLiteral("Steps:");
        for (const StepRecord &step : steps) {
            lines << QStringLiteral("  %1  %2  %3 ms  %4: %5")
                         .arg(step.startedAt, StepRecord::outcomeName(step.outcome).leftJustified(7))
                         .arg(step.durationMs, 7)
                         .arg(RestoreSteps::title(step.step), RestoreWording::step(step));
        }
    }
    if (!verification.isEmpty()) {
        lines << QString() << QStringLiteral("Verification (as served by the gateway after the restore):");
        for (const CountCheck &count : verification.counts) {
            lines << QStringLiteral("  %1: served %2, backup %3 (%4)")
                         .arg(CountCheck::whatId(count.what))
                         .arg(count.served)
                         .arg(count.expected)
                         .arg(count.describe());
        }
        for (const ServedChain &chain : verification.chains) {
            lines << QStringLiteral("  chain %1: %2 receipt(s), %3; head %4")
                         .arg(chain.tenant)
                         .arg(chain.count)
                         .arg(chain.describe(), chain.head.left(16));
        }
    }
    if (!files.isEmpty()) {
        lines << QString() << QStringLiteral("Files now:");
        for (const ReportFile &file : files) {
            lines << QStringLiteral("  %1: %2%3")
                         .arg(file.describe(), file.path,
                              file.sha256.isEmpty() ? QString() : QStringLiteral(" (sha256 %1)").arg(file.sha256));
        }
    }
    if (!disposition.isEmpty())
        lines << QString() << QStringLiteral("The .bad files: %1").arg(RestoreWording::finding(disposition));
    return lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

} // namespace aegis
