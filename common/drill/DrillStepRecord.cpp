#include "common/drill/DrillStepRecord.h"

#include "common/util/Timestamp.h"

namespace aegis {

QString DrillStepRecord::outcomeId(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Passed: return QStringLiteral("passed");
    case Outcome::Warning: return QStringLiteral("warning");
    case Outcome::Failed: return QStringLiteral("failed");
    case Outcome::Cancelled: return QStringLiteral("cancelled");
    case Outcome::Skipped: return QStringLiteral("skipped");
    }
    return {};
}

DrillStepRecord::Outcome DrillStepRecord::outcomeFromId(const QString &id)
{
    for (Outcome outcome : {Outcome::Passed, Outcome::Warning, Outcome::Failed, Outcome::Cancelled}) {
        if (outcomeId(outcome) == id)
            return outcome;
    }
    return Outcome::Skipped;
}

QJsonObject DrillStepRecord::toJson() const
{
    QJsonObject out{{QStringLiteral("step"), DrillSteps::id(step)},
                    {QStringLiteral("outcome"), outcomeId(outcome)},
                    {QStringLiteral("duration_ms"), durationMs},
                    {QStringLiteral("detail"), detail}};
    if (startedAt.isValid())
        out.insert(QStringLiteral("started_at"), Timestamp::millis(startedAt));
    if (!evidence.isEmpty())
        out.insert(QStringLiteral("evidence"), evidence);
    return out;
}

DrillStepRecord DrillStepRecord::fromJson(const QJsonObject &object)
{
    DrillStepRecord out;
    out.step = DrillSteps::fromId(object.value(QStringLiteral("step")).toString()).value_or(DrillStep::ObtainBackup);
    out.outcome = outcomeFromId(object.value(QStringLiteral("outcome")).toString());
    out.startedAt = Timestamp::parse(object.value(QStringLiteral("started_at")).toString());
    out.durationMs = object.value(QStringLiteral("duration_ms")).toInteger();
    out.detail = object.value(QStringLiteral("detail")).toString();
    out.evidence = object.value(QStringLiteral("evidence")).toObject();
    return out;
}

} // namespace aegis
