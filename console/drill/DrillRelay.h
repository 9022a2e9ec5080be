#pragma once

#include "common/drill/DrillObserver.h"
#include "common/drill/DrillStepRecord.h"

#include <QObject>

namespace aegis::console {

// The drill's observer in the console: every event becomes a signal,
// emitted on the drill's thread and queued to the page's widgets.
class DrillRelay : public QObject, public DrillObserver
{
    Q_OBJECT

public:
    using QObject::QObject;

    void stepStarted(DrillStep step) override { Q_EMIT started(int(step)); }
    void stepProgress(DrillStep step, qint64 done, qint64 total) override { Q_EMIT progress(int(step), done, total); }
    void stepFinished(const DrillStepRecord &record) override { Q_EMIT finished(record); }

Q_SIGNALS:
    void started(int step);
    void progress(int step, qint64 done, qint64 total);
    void finished(const aegis::DrillStepRecord &record);
};

} // namespace aegis::console
