#include "common/restore/RestoreProgressPrinter.h"

#include "common/restore/RestoreWording.h"
#include "common/util/Timestamp.h"

namespace aegis {

RestoreProgressPrinter::RestoreProgressPrinter(QTextStream &out)
    : m_out(out)
{
}

QString RestoreProgressPrinter::label(RestoreStep step)
{
    if (step == RestoreStep::Rollback)
        return QStringLiteral("[rollback] %1").arg(RestoreSteps::title(step));
    return QStringLiteral("[%1/%2] %3").arg(RestoreSteps::number(step)).arg(RestoreSteps::Count).arg(RestoreSteps::title(step));
}

void RestoreProgressPrinter::stepStarted(RestoreStep step, const QDateTime &at)
{
    m_lastQuarter = -1;
    m_lastWaitMark = -1;
    m_lastWhat.clear();
    m_out << label(step) << QStringLiteral(" ... (%1)").arg(Timestamp::seconds(at)) << Qt::endl;
}

void RestoreProgressPrinter::stepProgress(RestoreStep, qint64 done, qint64 total, ProgressUnit unit, const QString &what)
{
    if (unit == ProgressUnit::Milliseconds) {
        const qint64 mark = done / 10000;
        if (mark == m_lastWaitMark)
            return;
        m_lastWaitMark = mark;
        m_out << QStringLiteral("      %1 (%2 s of %3 s)").arg(what).arg(done / 1000).arg(total / 1000) << Qt::endl;
        return;
    }
    if (total <= 0)
        return;
    const int quarter = int(done * 4 / total);
    if (quarter == m_lastQuarter && what == m_lastWhat)
        return;
    m_lastQuarter = quarter;
    m_lastWhat = what;
    m_out << QStringLiteral("      %1: %2%").arg(what).arg(done * 100 / total) << Qt::endl;
}

void RestoreProgressPrinter::stepMessage(RestoreStep step, const QString &message)
{
    m_out << QStringLiteral("  >>> %1: %2").arg(RestoreSteps::title(step), message) << Qt::endl;
}

void RestoreProgressPrinter::stepFinished(const StepRecord &record)
{
    m_out << label(record.step)
          << QStringLiteral(": %1 (%2 s) - %3")
                 .arg(StepRecord::outcomeName(record.outcome))
                 .arg(record.durationMs / 1000.0, 0, 'f', 1)
                 .arg(RestoreWording::step(record))
          << Qt::endl;
}

} // namespace aegis
