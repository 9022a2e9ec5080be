#pragma once

#include "common/restore/ProgressUnit.h"
#include "common/restore/RestoreStep.h"
#include "common/restore/StepRecord.h"
#include "console/util/StatusColors.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace aegis::console {

// The restore's steps as rows, live: pending, running (with progress and
// the time so far), done (with its duration), failed, or not run. Fed by
// the engine's RestoreSignals (queued to the UI thread); the rollback gets
// a row of its own when it starts.
class RestoreStepModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        StepColumn,
        StatusColumn,
        ProgressColumn,
        TimeColumn,
        DetailColumn,
        ColumnCount
    };
    enum class State
    {
        Pending,
        Running,
        Done,
        Warning,
        Failed,
        NotRun
    };
    // On ProgressColumn: the fraction done (0..1), or -1 when no bar fits.
    static constexpr int FractionRole = Qt::UserRole + 1;

    explicit RestoreStepModel(QObject *parent = nullptr);

    void reset();
    // Steps an interrupted run completed, from its journal.
    void showEarlier(const QList<StepRecord> &records);
    void stepStarted(const QString &stepId, const QDateTime &at);
    void stepProgressed(const QString &stepId, qint64 done, qint64 total, ProgressUnit unit, const QString &what);
    void stepFinished(const QString &stepId, const QJsonObject &record);
    // The run came back: steps that never started are "not run" (but the
    // finish, when a verified restore goes on to it).
    void runEnded(bool finishFollows);
    // Something to say on a pending row ("on the next page").
    void setNote(RestoreStep step, const QString &note);
    // Refreshes the running rows' elapsed time (the page's timer).
    void tick();

    State state(RestoreStep step) const;
    int rowOf(RestoreStep step) const;
    std::optional<RestoreStep> running() const;
    QString summary(RestoreStep step) const;
    qint64 durationMs(RestoreStep step) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString durationText(qint64 ms);

private:
    struct Row
    {
        RestoreStep step = RestoreStep::Preflight;
        State state = State::Pending;
        qint64 done = 0;
        qint64 total = -1;
        ProgressUnit unit = ProgressUnit::Bytes;
        QString what;
        QString summary;    // the finding in words, times local with the zone
        QString summaryUtc; // the same with times in UTC, for the tooltip
        QString note;
        qint64 durationMs = -1;
        QElapsedTimer elapsed;
        bool earlier = false;
    };

    Row *find(const QString &stepId);
    void changed(int row);
    QString progressText(const Row &row) const;
    static StatusColors::Status statusOf(State state);
    QString stateText(const Row &row) const;

    QList<Row> m_rows;
};

} // namespace aegis::console
