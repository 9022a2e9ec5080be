#include "console/drill/LastDrill.h"

#include "common/drill/DrillText.h"
#include "console/util/Format.h"

namespace aegis::console {

StatusColors::Status LastDrill::status(const std::optional<DrillReport> &last, const QDateTime &now)
{
    if (!last)
        return StatusColors::Status::Warning;
    // A cancelled drill proved nothing either way: not an alarm about the
    // backups, but no proof of them either.
    if (last->outcome == DrillReport::Outcome::Cancelled)
        return StatusColors::Status::Warning;
    if (!last->passed())
        return StatusColors::Status::Bad;
    return last->startedAt.secsTo(now) > qint64(WarningDays) * 86400 ? StatusColors::Status::Warning
                                                                      : StatusColors::Status::Good;
}

QString LastDrill::describe(const std::optional<DrillReport> &last, const QDateTime &now)
{
    if (!last)
        return tr("No drill yet: run one on the Drills page");
    const QString age = Format::ago(last->startedAt.secsTo(now));
    if (last->passed())
        return tr("Passed %1 (recovery time %2)").arg(age, DrillText::duration(last->recoveryTimeMs));
    if (last->outcome == DrillReport::Outcome::Cancelled)
        return tr("%1 %2, nothing proven: run it again on the Drills page").arg(DrillText::outcome(last->outcome), age);
    return tr("%1 %2: %3").arg(DrillText::outcome(last->outcome), age, DrillText::failureReason(last->failure));
}

} // namespace aegis::console
