#include "common/restore/RestoreObserver.h"

namespace aegis {

void RestoreObserver::stepStarted(RestoreStep, const QDateTime &)
{
}

void RestoreObserver::stepProgress(RestoreStep, qint64, qint64, ProgressUnit, const QString &)
{
}

void RestoreObserver::stepMessage(RestoreStep, const QString &)
{
}

void RestoreObserver::stepFinished(const StepRecord &)
{
}

} // namespace aegis
