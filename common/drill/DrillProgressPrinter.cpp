#include "common/drill/DrillProgressPrinter.h"

#include "common/drill/DrillText.h"

namespace aegis {

DrillProgressPrinter::DrillProgressPrinter(QTextStream &out)
    : m_out(out)
{
}

void DrillProgressPrinter::stepStarted(DrillStep step)
{
    m_out << QStringLiteral("[%1/%2] %3 ...").arg(DrillSteps::number(step)).arg(DrillSteps::Count).arg(DrillText::stepTitle(step))
          << Qt::endl;
}

void DrillProgressPrinter::stepFinished(const DrillStepRecord &record)
{
    m_out << QStringLiteral("[%1/%2] %3: %4 (%5)")
                 .arg(DrillSteps::number(record.step))
                 .arg(DrillSteps::Count)
                 .arg(DrillText::stepTitle(record.step), DrillText::outcome(record.outcome),
                      DrillText::duration(record.durationMs));
    if (!record.detail.isEmpty())
        m_out << QStringLiteral(" - ") << record.detail;
    m_out << Qt::endl;
}

} // namespace aegis
