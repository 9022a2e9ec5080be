#include "common/drill/DrillObserver.h"

namespace aegis {

void DrillObserver::stepStarted(DrillStep) {}

void DrillObserver::stepProgress(DrillStep, qint64, qint64) {}

void DrillObserver::stepFinished(const DrillStepRecord &) {}

} // namespace aegis
