#include "console/restore/RestoreWords.h"

#include "common/restore/RestoreWording.h"
#include "console/util/Format.h"

namespace aegis::console {

QString RestoreWords::time(const QDateTime &time)
{
    return Format::localTime(time);
}

QString RestoreWords::finding(const StepFinding &finding)
{
    return RestoreWording::finding(finding, &RestoreWords::time);
}

QString RestoreWords::step(const StepRecord &record)
{
    return RestoreWording::step(record, &RestoreWords::time);
}

QString RestoreWords::failure(const RestoreFailure &failure)
{
    return RestoreWording::failure(failure, &RestoreWords::time);
}

QString RestoreWords::failure(const RestoreReport &report)
{
    return RestoreWording::failure(report, &RestoreWords::time);
}

QString RestoreWords::checkDetail(const PreflightCheck &check)
{
    return RestoreWording::checkDetail(check, &RestoreWords::time);
}

QString RestoreWords::nextActions(const QList<RestoreNextAction> &actions)
{
    return RestoreWording::nextActions(actions);
}

} // namespace aegis::console
