#pragma once

#include "common/restore/RestoreStep.h"

#include <QJsonObject>
#include <QString>

namespace aegis {

// What one step did, when, and how long it took: a line of the report and
// of the wizard's progress page.
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
    QString summary;      // one sentence for people
    QJsonObject details;  // evidence: hashes, probe answers, counts

    static QString outcomeName(Outcome outcome);
    QJsonObject toJson() const;
    static StepRecord fromJson(const QJsonObject &object);
};

} // namespace aegis
