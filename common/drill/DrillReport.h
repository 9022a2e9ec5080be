#pragma once

#include "common/drill/BackupSource.h"
#include "common/drill/DrillCheck.h"
#include "common/drill/DrillFailure.h"
#include "common/drill/DrillStepRecord.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace aegis {

// Everything a drill proved or failed to prove, as values. JSON (here) and
// PDF and console views are made from it; the JSON keeps the values and adds
// the reason in words for machines that only forward it.
struct DrillReport
{
    enum class Outcome
    {
        Passed,
        Failed,
        Cancelled
    };

    Outcome outcome = Outcome::Failed;
    DrillFailure failure = DrillFailure::None;
    std::optional<DrillStep> failedStep;
    QString failureDetail; // the lower layer's evidence for the failure

    BackupSource::Kind source = BackupSource::Kind::Fresh;
    QString backupName;
    QString backupPath; // where it was read (a download lives in the scratch directory)
    QString backupSha256;
    qint64 backupBytes = -1;
    QDateTime backupTakenAt; // UTC; invalid when unknown

    QDateTime startedAt; // UTC
    QDateTime finishedAt;
    // The backup's age when the drill started; -1 when unknown.
    qint64 recoveryPointMs = -1;
    // From the start of the restore copy to verified serving; -1 when not reached.
    qint64 recoveryTimeMs = -1;
    std::optional<qint64> maxRecoveryPointMs;
    std::optional<qint64> maxRecoveryTimeMs;

    QList<DrillStepRecord> steps;
    QList<DrillCheck> checks;

    QString host;
    QString os;
    QString drillVersion;
    QString gatewayVersion; // as the throwaway gateway told it
    QString qtVersion;
    QString productionUrl;
    QString throwawayBind;
    qint64 throwawayPid = 0;
    QString scratchDirectory;

    bool passed() const { return outcome == Outcome::Passed; }
    qint64 durationMs() const;
    const DrillStepRecord *record(DrillStep step) const;

    static QString outcomeId(Outcome outcome);
    // Values only; DrillReportJson adds the words.
    QJsonObject toJson() const;
    static std::optional<DrillReport> fromJson(const QJsonObject &object, QString *error);
};

} // namespace aegis
