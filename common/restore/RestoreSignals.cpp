#include "common/restore/RestoreSignals.h"

namespace aegis {

RestoreSignals::RestoreSignals(QObject *parent)
    : QObject(parent)
{
}

void RestoreSignals::stepStarted(RestoreStep step, const QDateTime &at)
{
    Q_EMIT started(RestoreSteps::number(step), RestoreSteps::id(step), RestoreSteps::title(step), at);
}

void RestoreSignals::stepProgress(RestoreStep step, qint64 done, qint64 total, ProgressUnit unit, const QString &what)
{
    Q_EMIT progressed(RestoreSteps::number(step), RestoreSteps::id(step), done, total, what, int(unit));
}

void RestoreSignals::stepMessage(RestoreStep step, const QString &text)
{
    Q_EMIT message(RestoreSteps::number(step), RestoreSteps::id(step), text);
}

void RestoreSignals::stepFinished(const StepRecord &record)
{
    Q_EMIT finished(RestoreSteps::number(record.step), RestoreSteps::id(record.step), record.toJson());
}

} // namespace aegis
