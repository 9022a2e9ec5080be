#pragma once

#include "common/restore/RestoreStep.h"
#include "common/restore/StepFinding.h"

#include <QJsonObject>
#include <QString>

namespace aegis {

// What one step did, when, and how long it took: a line of the report and
// of the wizard's progress page. JSON keeps "summary" (the words, from the
// finding) and adds "finding" (typed).
struct StepRecord
{
    enum class Outcome
    {
        Ok,
        Warning,
        Failed,
        Skipped
    };

    RestoreStep step = RestoreStep::Preflight;
    Outcome outcome = Outcome::Ok;
    QString startedAt;  // RFC 3339 UTC, milliseconds
    QString finishedAt;
    qint64 durationMs = 0;
    StepFinding finding;   // what the step found or did; RestoreWording::step() words it
    QString legacySummary; // an old journal's sentence, shown as it is when there is no finding
    QJsonObject details;  // evidence: hashes, probe answers, counts

    static QString outcomeName(Outcome outcome);
    QJsonObject toJson() const;
    static StepRecord fromJson(const QJsonObject &object);
};

} // namespace aegis
