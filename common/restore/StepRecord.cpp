#include "common/restore/StepRecord.h"

#include "common/restore/RestoreWording.h"

namespace aegis {

QString StepRecord::outcomeName(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Ok:
        return QStringLiteral("ok");
    case Outcome::Warning:
        return QStringLiteral("warning");
    case Outcome::Failed:
        return QStringLiteral("failed");
    case Outcome::Skipped:
        return QStringLiteral("skipped");
    }
    return {};
}

QJsonObject StepRecord::toJson() const
{
    QJsonObject out{{QStringLiteral("step"), RestoreSteps::id(step)},
                    {QStringLiteral("title"), RestoreSteps::title(step)},
                    {QStringLiteral("outcome"), outcomeName(outcome)},
                    {QStringLiteral("started_at"), startedAt},
                    {QStringLiteral("finished_at"), finishedAt},
                    {QStringLiteral("duration_ms"), durationMs},
                    {QStringLiteral("summary"), RestoreWording::step(*this)},
                    {QStringLiteral("details"), details}};
    if (!finding.isEmpty())
        out.insert(QStringLiteral("finding"), finding.toJson());
    return out;
}

StepRecord StepRecord::fromJson(const QJsonObject &object)
{
    StepRecord out;
    out.step = RestoreSteps::fromId(object.value(QStringLiteral("step")).toString()).value_or(RestoreStep::Preflight);
    const QString outcome = object.value(QStringLiteral("outcome")).toString();
    for (Outcome candidate : {Outcome::Ok, Outcome::Warning, Outcome::Failed, Outcome::Skipped}) {
        if (outcomeName(candidate) == outcome)
            out.outcome = candidate;
    }
    out.startedAt = object.value(QStringLiteral("started_at")).toString();
    out.finishedAt = object.value(QStringLiteral("finished_at")).toString();
    out.durationMs = object.value(QStringLiteral("duration_ms")).toInteger();
    out.finding = StepFinding::fromJson(object.value(QStringLiteral("finding")).toObject());
    if (out.finding.isEmpty())
        out.legacySummary = object.value(QStringLiteral("summary")).toString();
    out.details = object.value(QStringLiteral("details")).toObject();
    return out;
}

} // namespace aegis
