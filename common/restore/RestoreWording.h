#pragma once

#include "common/restore/PreflightCheck.h"
#include "common/restore/RestoreFailure.h"
#include "common/restore/RestoreNextAction.h"
#include "common/restore/StepFinding.h"
#include "common/restore/StepRecord.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <functional>

namespace aegis {

struct RestoreReport;

// The one place where the restore's typed results become words: a step's
// finding, a failure, what to do next. aegis-restore, the text and JSON
// reports and the console all word them here (translatable), each passing
// how it writes a time: reports and the CLI in UTC (the default), the
// console in the operator's local time with the zone.
class RestoreWording {
    Q_DECLARE_TR_FUNCTIONS(RestoreWording)
public:
    using TimeFormat = std::function<QString(const QDateTime &)>;

    // RFC 3339 UTC with milliseconds, as the reports write every time.
    static QString utc(const QDateTime &time);

    static QString finding(const StepFinding &finding, const TimeFormat &time = {});
    // The finding's words, or an old record's sentence as it was.
    static QString step(const StepRecord &record, const TimeFormat &time = {});
    static QString failure(const RestoreFailure &failure, const TimeFormat &time = {});
    // A refusal is worded from the report's checks.
    static QString failure(const RestoreReport &report, const TimeFormat &time = {});
    static QString nextAction(const RestoreNextAction &action);
    static QString nextActions(const QList<RestoreNextAction> &actions);
    // The command that rolls an interrupted restore of `database` back.
    static QString rollbackCommand(const QString &database);
    // A preflight check's detail with the time it found, if any.
    static QString checkDetail(const PreflightCheck &check, const TimeFormat &time = {});

private:
    static QString reason(const StepFinding &finding, const TimeFormat &time);
};

} // namespace aegis
