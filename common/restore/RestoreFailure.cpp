#include "common/restore/RestoreFailure.h"

#include "common/restore/RestoreWording.h"

namespace aegis {

void RestoreFailure::writeInto(QJsonObject &object) const
{
    object.insert(QStringLiteral("failure"), RestoreWording::failure(*this));
    object.insert(QStringLiteral("failed_step"), RestoreSteps::id(step));
    if (!finding.isEmpty()) {
        object.insert(QStringLiteral("failure_kind"), StepFinding::kindId(finding.kind));
        object.insert(QStringLiteral("failure_finding"), finding.toJson());
    }
}

RestoreFailure RestoreFailure::readFrom(const QJsonObject &object)
{
    RestoreFailure out;
    out.step
        = RestoreSteps::fromId(object.value(QStringLiteral("failed_step")).toString()).value_or(RestoreStep::Preflight);
    out.finding = StepFinding::fromJson(object.value(QStringLiteral("failure_finding")).toObject());
    if (out.finding.isEmpty())
        out.legacyText = object.value(QStringLiteral("failure")).toString();
    return out;
}

} // namespace aegis
