#pragma once

#include "common/restore/RestoreObserver.h"

#include <QJsonObject>
#include <QObject>

namespace aegis {

// A RestoreObserver that re-emits as Qt signals, for a GUI: the engine runs
// on a worker thread, the wizard connects these (queued, automatically
// across threads) to its widgets. Steps travel as their RestoreSteps::id and
// number so that no metatype registration is needed.
class RestoreSignals : public QObject, public RestoreObserver
{
    Q_OBJECT

public:
    explicit RestoreSignals(QObject *parent = nullptr);

    void stepStarted(RestoreStep step, const QDateTime &at) override;
    void stepProgress(RestoreStep step, qint64 done, qint64 total, ProgressUnit unit, const QString &what) override;
    void stepMessage(RestoreStep step, const QString &message) override;
    void stepFinished(const StepRecord &record) override;

Q_SIGNALS:
    void started(int stepNumber, const QString &stepId, const QString &title, const QDateTime &at);
    // unit: a ProgressUnit, as an int (no metatype needed); last, so that
    // a slot that shows only `what` may leave it out.
    void progressed(int stepNumber, const QString &stepId, qint64 done, qint64 total, const QString &what, int unit);
    void message(int stepNumber, const QString &stepId, const QString &text);
    // record: StepRecord::toJson() (outcome, times, summary, details).
    void finished(int stepNumber, const QString &stepId, const QJsonObject &record);
};

} // namespace aegis
