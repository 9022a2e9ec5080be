#pragma once

#include "common/drill/DrillReport.h"

#include <QByteArray>

namespace aegis {

// The report as machines get it: the values, plus the verdict and reason in
// words for systems that only forward text (monitoring, tickets).
class DrillReportJson
{
public:
    static QByteArray toBytes(const DrillReport &report);
};

} // namespace aegis
