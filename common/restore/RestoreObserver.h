#pragma once

#include "common/restore/ProgressUnit.h"
#include "common/restore/RestoreStep.h"
#include "common/restore/StepRecord.h"

#include <QDateTime>
#include <QString>

namespace aegis {

// Live progress of a restore, called on the thread that runs the engine.
// aegis-restore prints it; the console's wizard connects RestoreSignals
// (queued) to its pages. Every function has a do-nothing default.
class RestoreObserver
{
public:
    virtual ~RestoreObserver() = default;

    virtual void stepStarted(RestoreStep step, const QDateTime &at);
    // done/total in `unit` (bytes for the copy, receipts for the chain
    // checks, milliseconds of the allowed wait for the stop and readiness
    // waits); total -1 when unknown. `what` is words for people only.
    virtual void stepProgress(RestoreStep step, qint64 done, qint64 total, ProgressUnit unit, const QString &what);
    // Something the operator must read now (manual service control).
    virtual void stepMessage(RestoreStep step, const QString &message);
    virtual void stepFinished(const StepRecord &record);
};

} // namespace aegis
