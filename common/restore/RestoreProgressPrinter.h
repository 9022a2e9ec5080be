#pragma once

#include "common/restore/RestoreObserver.h"

#include <QHash>
#include <QTextStream>

namespace aegis {

// aegis-restore's step lines: one when a step starts, one when it ends with
// its outcome and time, and a few progress lines in between (every quarter of
// a copy, every ten seconds of a wait), so that a log of an unattended run
// reads like the wizard's progress page.
class RestoreProgressPrinter : public RestoreObserver
{
public:
    explicit RestoreProgressPrinter(QTextStream &out);

    void stepStarted(RestoreStep step, const QDateTime &at) override;
    void stepProgress(RestoreStep step, qint64 done, qint64 total, ProgressUnit unit, const QString &what) override;
    void stepMessage(RestoreStep step, const QString &message) override;
    void stepFinished(const StepRecord &record) override;

    static QString label(RestoreStep step);

private:
    QTextStream &m_out;
    int m_lastQuarter = -1;
    qint64 m_lastWaitMark = -1;
    QString m_lastWhat;
};

} // namespace aegis
