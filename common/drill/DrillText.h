#pragma once

#include "common/drill/DrillCheck.h"
#include "common/drill/DrillFailure.h"
#include "common/drill/DrillReport.h"
#include "common/drill/DrillStep.h"
#include "common/drill/DrillStepRecord.h"

#include <QCoreApplication>
#include <QString>

namespace aegis {

// The drill's words, made at the edge from its values: the CLI, the JSON's
// "reason", the PDF and the console all say the same thing.
class DrillText
{
    Q_DECLARE_TR_FUNCTIONS(DrillText)

public:
    static QString stepTitle(DrillStep step);
    static QString outcome(DrillStepRecord::Outcome outcome);
    static QString outcome(DrillReport::Outcome outcome);
    static QString checkTitle(const DrillCheck &check);
    // What went wrong and what to do, for people.
    static QString failureReason(DrillFailure failure);
    // "PASSED" or "FAILED at <step>: <reason> (<detail>)".
    static QString verdict(const DrillReport &report);
    // "1h 2m", "4.2 s", "unknown".
    static QString duration(qint64 ms);
    // The one line for monitoring (stderr of aegis-drill).
    static QString summaryLine(const DrillReport &report, const QString &reportSha256);
};

} // namespace aegis
