#pragma once

#include "common/drill/DrillStep.h"
#include "common/drill/DrillStepRecord.h"

namespace aegis {

// Live progress of a drill, called on the thread that runs it. aegis-drill
// prints it; the console relays it (queued) to its page. Every function has
// a do-nothing default.
class DrillObserver
{
public:
    virtual ~DrillObserver() = default;

    virtual void stepStarted(DrillStep step);
    // done/total in the step's own unit (bytes for copies); total -1 when unknown.
    virtual void stepProgress(DrillStep step, qint64 done, qint64 total);
    virtual void stepFinished(const DrillStepRecord &record);
};

} // namespace aegis
