#include "console/restore/RestoreStepModel.h"

#include "common/restore/RestoreWording.h"
#include "console/restore/RestoreWords.h"
#include "console/util/Format.h"

#include <QApplication>
#include <QFont>
#include <QLocale>

namespace aegis::console {

namespace {

constexpr RestoreStep Forward[] = {RestoreStep::Preflight, RestoreStep::Stop, RestoreStep::MoveAside, RestoreStep::Copy,
    RestoreStep::Start, RestoreStep::WaitReady, RestoreStep::SpotCheck, RestoreStep::VerifyChain, RestoreStep::Finish};

// The engine's titles, in the console's words (numbered as the engine numbers them).
QString stepTitle(RestoreStep step)
{
    switch (step) {
    case RestoreStep::Preflight:
        return RestoreStepModel::tr("Check the backup and this machine");
    case RestoreStep::Stop:
        return RestoreStepModel::tr("Stop the gateway (and prove it stopped)");
    case RestoreStep::MoveAside:
        return RestoreStepModel::tr("Move the live database aside");
    case RestoreStep::Copy:
        return RestoreStepModel::tr("Copy the backup into place");
    case RestoreStep::Start:
        return RestoreStepModel::tr("Start the gateway");
    case RestoreStep::WaitReady:
        return RestoreStepModel::tr("Wait until the gateway is ready");
    case RestoreStep::SpotCheck:
        return RestoreStepModel::tr("Spot-check the served data");
    case RestoreStep::VerifyChain:
        return RestoreStepModel::tr("Verify the receipt chains");
    case RestoreStep::Finish:
        return RestoreStepModel::tr("Finish: the replaced files and the report");
    case RestoreStep::Rollback:
        return RestoreStepModel::tr("Roll back: put the original database back");
    }
    return RestoreSteps::title(step);
}

} // namespace

RestoreStepModel::RestoreStepModel(QObject *parent)
    : QAbstractTableModel(parent)
{
    reset();
}

void RestoreStepModel::reset()
{
    beginResetModel();
    m_rows.clear();
    for (RestoreStep step : Forward) {
        Row row;
        row.step = step;
        m_rows.append(row);
    }
    endResetModel();
}

int RestoreStepModel::rowOf(RestoreStep step) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).step == step)
            return i;
    }
    return -1;
}

RestoreStepModel::Row *RestoreStepModel::find(const QString &stepId)
{
    const auto step = RestoreSteps::fromId(stepId);
    if (!step)
        return nullptr;
    int row = rowOf(*step);
    if (row < 0) {
        // The rollback: a row of its own, at the end, when it starts.
        beginInsertRows(QModelIndex(), int(m_rows.size()), int(m_rows.size()));
        Row added;
        added.step = *step;
        m_rows.append(added);
        endInsertRows();
        row = int(m_rows.size()) - 1;
    }
    return &m_rows[row];
}

void RestoreStepModel::changed(int row)
{
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void RestoreStepModel::showEarlier(const QList<StepRecord> &records)
{
    for (const StepRecord &record : records) {
        Row *row = find(RestoreSteps::id(record.step));
        if (!row)
            continue;
        row->state = record.outcome == StepRecord::Outcome::Failed ? State::Failed
            : record.outcome == StepRecord::Outcome::Warning       ? State::Warning
                                                                   : State::Done;
        row->durationMs = record.durationMs;
        row->summary = RestoreWords::step(record);
        row->summaryUtc = RestoreWording::step(record);
        row->earlier = true;
        changed(rowOf(row->step));
    }
}

void RestoreStepModel::stepStarted(const QString &stepId, const QDateTime &at)
{
    Q_UNUSED(at);
    Row *row = find(stepId);
    if (!row)
        return;
    row->state = State::Running;
    row->done = 0;
    row->total = -1;
    row->what.clear();
    row->summary.clear();
    row->summaryUtc.clear();
    row->note.clear();
    row->durationMs = -1;
    row->earlier = false;
    row->elapsed.start();
    changed(rowOf(row->step));
}

void RestoreStepModel::stepProgressed(const QString &stepId, qint64 done, qint64 total, ProgressUnit unit, const QString &what)
{
    Row *row = find(stepId);
    if (!row || row->state != State::Running)
        return;
    row->done = done;
    row->total = total;
    row->unit = unit;
    row->what = what;
    changed(rowOf(row->step));
}

void RestoreStepModel::stepFinished(const QString &stepId, const QJsonObject &record)
{
    Row *row = find(stepId);
    if (!row)
        return;
    const StepRecord step = StepRecord::fromJson(record);
    row->state = step.outcome == StepRecord::Outcome::Failed ? State::Failed
        : step.outcome == StepRecord::Outcome::Warning       ? State::Warning
        : step.outcome == StepRecord::Outcome::Skipped       ? State::NotRun
                                                             : State::Done;
    row->durationMs = step.durationMs;
    row->summary = RestoreWords::step(step);
    row->summaryUtc = RestoreWording::step(step);
    row->what.clear();
    changed(rowOf(row->step));
}

void RestoreStepModel::runEnded(bool finishFollows)
{
    for (int i = 0; i < m_rows.size(); ++i) {
        Row &row = m_rows[i];
        if (row.state == State::Running) {
            // The engine always closes its steps; a row still open means the
            // run came back without a word on it.
            row.state = State::Failed;
            row.durationMs = row.elapsed.isValid() ? row.elapsed.elapsed() : -1;
            changed(i);
        } else if (row.state == State::Pending && !(finishFollows && row.step == RestoreStep::Finish)) {
            row.state = State::NotRun;
            changed(i);
        }
    }
}

void RestoreStepModel::setNote(RestoreStep step, const QString &note)
{
    const int row = rowOf(step);
    if (row < 0)
        return;
    m_rows[row].note = note;
    changed(row);
}

void RestoreStepModel::tick()
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).state == State::Running)
            Q_EMIT dataChanged(index(i, TimeColumn), index(i, TimeColumn));
    }
}

RestoreStepModel::State RestoreStepModel::state(RestoreStep step) const
{
    const int row = rowOf(step);
    return row < 0 ? State::Pending : m_rows.at(row).state;
}

std::optional<RestoreStep> RestoreStepModel::running() const
{
    for (const Row &row : m_rows) {
        if (row.state == State::Running)
            return row.step;
    }
    return std::nullopt;
}

QString RestoreStepModel::summary(RestoreStep step) const
{
    const int row = rowOf(step);
    return row < 0 ? QString() : m_rows.at(row).summary;
}

qint64 RestoreStepModel::durationMs(RestoreStep step) const
{
    const int row = rowOf(step);
    return row < 0 ? -1 : m_rows.at(row).durationMs;
}

int RestoreStepModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RestoreStepModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RestoreStepModel::durationText(qint64 ms)
{
    if (ms < 0)
        return QString();
    if (ms < 1000)
        return tr("%1 ms").arg(ms);
    if (ms < 60000)
        return tr("%1 s").arg(QLocale().toString(double(ms) / 1000.0, 'f', 1));
    return tr("%1 min %2 s").arg(ms / 60000).arg((ms / 1000) % 60);
}

StatusColors::Status RestoreStepModel::statusOf(State state)
{
    switch (state) {
    case State::Done:
        return StatusColors::Status::Good;
    case State::Warning:
        return StatusColors::Status::Warning;
    case State::Failed:
        return StatusColors::Status::Bad;
    case State::Pending:
    case State::Running:
    case State::NotRun:
        break;
    }
    return StatusColors::Status::Neutral;
}

QString RestoreStepModel::stateText(const Row &row) const
{
    switch (row.state) {
    case State::Pending:
        return tr("• waiting");
    case State::Running:
        return tr("▶ running");
    case State::Done:
        return row.earlier ? tr("✔ done earlier") : tr("✔ done");
    case State::Warning:
        return tr("⚠ done, see note");
    case State::Failed:
        return tr("✖ failed");
    case State::NotRun:
        return tr("– not run");
    }
    return QString();
}

QString RestoreStepModel::progressText(const Row &row) const
{
    if (row.state != State::Running || row.total < 0)
        return QString();
    switch (row.unit) {
    case ProgressUnit::Milliseconds:
        return tr("waited %1 s of at most %2 s").arg(row.done / 1000).arg(row.total / 1000);
    case ProgressUnit::Receipts:
        return tr("%L1 of %L2 receipts").arg(row.done).arg(row.total);
    case ProgressUnit::Bytes:
        break;
    }
    return tr("%1 of %2").arg(Format::bytes(row.done), Format::bytes(row.total));
}

QVariant RestoreStepModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return QVariant();
    const Row &row = m_rows.at(index.row());
    if (role == Qt::ToolTipRole && index.column() == DetailColumn && row.state != State::Running
        && !row.summaryUtc.isEmpty())
        return row.summaryUtc;
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case StepColumn: {
            const int number = RestoreSteps::number(row.step);
            return number > 0 ? tr("%1. %2").arg(number).arg(stepTitle(row.step)) : stepTitle(row.step);
        }
        case StatusColumn:
            return stateText(row);
        case ProgressColumn:
            return progressText(row);
        case TimeColumn:
            if (row.state == State::Running && row.elapsed.isValid())
                return tr("%1 so far").arg(durationText(row.elapsed.elapsed()));
            return durationText(row.durationMs);
        case DetailColumn:
            if (row.state == State::Running)
                return row.what;
            if (!row.summary.isEmpty())
                return row.summary;
            return row.note;
        default:
            break;
        }
        return QVariant();
    }
    if (role == FractionRole && index.column() == ProgressColumn) {
        if (row.state != State::Running || row.total <= 0)
            return -1.0;
        return qBound(0.0, double(row.done) / double(row.total), 1.0);
    }
    if (role == Qt::ForegroundRole && index.column() == StatusColumn) {
        const StatusColors::Status status = statusOf(row.state);
        if (status != StatusColors::Status::Neutral)
            return StatusColors::foreground(status, QApplication::palette());
    }
    if (role == Qt::FontRole && row.state == State::Running) {
        QFont bold = QApplication::font();
        bold.setBold(true);
        return bold;
    }
    return QVariant();
}

QVariant RestoreStepModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    switch (section) {
    case StepColumn:
        return tr("Step");
    case StatusColumn:
        return tr("Status");
    case ProgressColumn:
        return tr("Progress");
    case TimeColumn:
        return tr("Time");
    case DetailColumn:
        return tr("What happened");
    default:
        break;
    }
    return QVariant();
}

} // namespace aegis::console
