#pragma once

#include "common/drill/DrillObserver.h"

#include <QTextStream>

namespace aegis {

// aegis-drill's live lines: one when a step starts, one when it ends with
// its result and time. No progress bars: the output goes to logs.
class DrillProgressPrinter : public DrillObserver
{
public:
    explicit DrillProgressPrinter(QTextStream &out);

    void stepStarted(DrillStep step) override;
    void stepFinished(const DrillStepRecord &record) override;

private:
    QTextStream &m_out;
};

} // namespace aegis
