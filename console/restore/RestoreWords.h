#pragma once

#include "common/restore/PreflightCheck.h"
#include "common/restore/RestoreFailure.h"
#include "common/restore/RestoreNextAction.h"
#include "common/restore/RestoreReport.h"
#include "common/restore/StepFinding.h"
#include "common/restore/StepRecord.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace aegis::console {

// The restore engine's typed results in the console's words: RestoreWording
// (the one place that words them) with the console's way of writing a time,
// the operator's local time with its zone (Format::localTime).
class RestoreWords {
public:
    static QString time(const QDateTime &time);
    static QString finding(const StepFinding &finding);
    static QString step(const StepRecord &record);
    static QString failure(const RestoreFailure &failure);
    static QString failure(const RestoreReport &report);
    static QString nextActions(const QList<RestoreNextAction> &actions);
    static QString checkDetail(const PreflightCheck &check);
};

} // namespace aegis::console
