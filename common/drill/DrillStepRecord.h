#pragma once

#include "common/drill/DrillStep.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace aegis {

// What one step of a drill did and how long it took.
struct DrillStepRecord
{
    enum class Outcome
    {
        Passed,
        Warning, // passed with something worth knowing
        Failed,
        Cancelled,
        Skipped // not reached (an earlier step failed or the drill was cancelled)
    };

    DrillStep step = DrillStep::ObtainBackup;
    Outcome outcome = Outcome::Skipped;
    QDateTime startedAt; // UTC
    qint64 durationMs = 0;
    // The lower layer's own account (probe answers, file names), kept as
    // evidence; the verdict is `outcome`.
    QString detail;
    QJsonObject evidence;

    static QString outcomeId(Outcome outcome);
    static Outcome outcomeFromId(const QString &id);
    QJsonObject toJson() const;
    static DrillStepRecord fromJson(const QJsonObject &object);
};

} // namespace aegis
