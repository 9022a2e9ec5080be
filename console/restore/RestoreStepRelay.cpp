#include "console/restore/RestoreStepRelay.h"

#include "common/restore/RestoreSignals.h"
#include "console/restore/CancellableFileOperations.h"

namespace aegis::console {

RestoreStepRelay::RestoreStepRelay(RestoreSignals &events, CancellableFileOperations &files)
    : m_signals(events)
    , m_files(files)
{
}

void RestoreStepRelay::stepStarted(RestoreStep step, const QDateTime &at)
{
    // The steps that change the machine may be cancelled (into a rollback);
    // the rollback and the finish run to their end.
    m_current = step;
    m_files.setCancellable(step != RestoreStep::Preflight && step != RestoreStep::Rollback && step != RestoreStep::Finish);
    m_signals.stepStarted(step, at);
}

void RestoreStepRelay::stepProgress(RestoreStep step, qint64 done, qint64 total, ProgressUnit unit, const QString &what)
{
    m_signals.stepProgress(step, done, total, unit, what);
}

void RestoreStepRelay::stepMessage(RestoreStep step, const QString &message)
{
    m_signals.stepMessage(step, message);
}

void RestoreStepRelay::stepFinished(const StepRecord &record)
{
    m_signals.stepFinished(record);
}

} // namespace aegis::console
