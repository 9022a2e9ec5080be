#include "console/restore/ProgressPage.h"

#include "common/restore/RestoreSignals.h"
#include "console/restore/BackupFetcher.h"
#include "console/restore/RestoreRun.h"
#include "console/restore/RestoreStepModel.h"
#include "console/restore/RestoreWizard.h"
#include "console/restore/RestoreWords.h"
#include "console/restore/StepProgressDelegate.h"
#include "console/widgets/MessagePanel.h"

#include <QAbstractButton>
#include <QHeaderView>
#include <QTableView>
#include <QVBoxLayout>

namespace aegis::console {

namespace {

using Status = StatusColors::Status;

// The step an interrupted restore was in, from its journal's phase.
RestoreStep stepOf(RestoreJournal::Phase phase)
{
    using Phase = RestoreJournal::Phase;
    switch (phase) {
    case Phase::Stopping:
        return RestoreStep::Stop;
    case Phase::MovingAside:
        return RestoreStep::MoveAside;
    case Phase::Copying:
    case Phase::Installing:
        return RestoreStep::Copy;
    case Phase::Starting:
        return RestoreStep::Start;
    case Phase::WaitingReady:
        return RestoreStep::WaitReady;
    case Phase::SpotChecking:
        return RestoreStep::SpotCheck;
    case Phase::VerifyingChain:
        return RestoreStep::VerifyChain;
    case Phase::Finishing:
        return RestoreStep::Finish;
    case Phase::RollingBack:
        break;
    }
    return RestoreStep::Rollback;
}

} // namespace

ProgressPage::ProgressPage(RestoreWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_model(new RestoreStepModel(this))
    , m_table(new QTableView(this))
    , m_instruction(new MessagePanel(this))
    , m_verdict(new MessagePanel(this))
{
    setObjectName(QStringLiteral("progressPage"));
    setTitle(tr("Restoring"));
    setSubTitle(tr("Each step is proven before the next begins. If one fails, the original database is put back and "
                   "the gateway started on it again."));
    m_table->setObjectName(QStringLiteral("restoreSteps"));
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(RestoreStepModel::ProgressColumn, new StepProgressDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(true);
    m_table->verticalHeader()->setVisible(false);
    QHeaderView *header = m_table->horizontalHeader();
    header->setSectionResizeMode(RestoreStepModel::StepColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RestoreStepModel::StatusColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RestoreStepModel::ProgressColumn, QHeaderView::Fixed);
    header->setSectionResizeMode(RestoreStepModel::TimeColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(RestoreStepModel::DetailColumn, QHeaderView::Stretch);
    header->resizeSection(RestoreStepModel::ProgressColumn, fontMetrics().horizontalAdvance(QStringLiteral("0000.0 MiB of 0000.0 MiB")) + 16);
    m_table->setTabKeyNavigation(false);
    m_table->setAccessibleName(tr("Restore steps"));
    m_instruction->setObjectName(QStringLiteral("operatorInstruction"));
    m_instruction->setHeadline(true);
    m_verdict->setObjectName(QStringLiteral("progressVerdict"));
    m_verdict->setHeadline(true);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_instruction);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_verdict);

    RestoreSignals *events = m_wizard->run()->events();
    connect(events, &RestoreSignals::started, this, [this](int, const QString &id, const QString &, const QDateTime &at) {
        if (!m_running)
            return;
        m_model->stepStarted(id, at);
        if (const auto step = RestoreSteps::fromId(id)) {
            const int row = m_model->rowOf(*step);
            if (row >= 0)
                m_table->scrollTo(m_model->index(row, 0));
        }
        fitRows();
    });
    connect(events, &RestoreSignals::progressed, this,
        [this](int, const QString &id, qint64 done, qint64 total, const QString &what, int unit) {
            if (m_running)
                m_model->stepProgressed(id, done, total, ProgressUnit(unit), what);
        });
    connect(events, &RestoreSignals::finished, this, [this](int, const QString &id, const QJsonObject &record) {
        if (id == QLatin1String("preflight"))
            m_preflightRecord = record;
        if (!m_running)
            return;
        m_model->stepFinished(id, record);
        fitRows();
    });
    connect(m_wizard->run(), &RestoreRun::instruction, this, [this](const QString &text) {
        if (m_running)
            m_instruction->showMessage(Status::Warning, tr("Your turn: %1").arg(text));
    });
    connect(m_wizard->run(), &RestoreRun::restoreFinished, this, &ProgressPage::onEnded);
    m_tick.setInterval(500);
    connect(&m_tick, &QTimer::timeout, m_model, &RestoreStepModel::tick);
}

void ProgressPage::fitRows()
{
    m_table->resizeRowsToContents();
}

void ProgressPage::initializePage()
{
    RestoreWizardState &state = m_wizard->state();
    m_model->reset();
    m_instruction->clear();
    m_verdict->clear();
    m_ended = false;
    m_running = true;
    m_cancelText = m_wizard->buttonText(QWizard::CancelButton);
    m_wizard->setButtonText(QWizard::CancelButton, tr("&Stop the restore…"));
    if (state.resume) {
        StepRecord checks;
        checks.step = RestoreStep::Preflight;
        checks.durationMs = -1;
        checks.finding = StepFinding(StepFinding::Kind::ChecksPassedEarlier);
        m_model->showEarlier(QList<StepRecord>{checks} + state.resume->journal.steps);
        m_wizard->run()->resume(m_wizard->target(), state.resume->journal, state.resume->choice);
    } else {
        if (!m_preflightRecord.isEmpty())
            m_model->stepFinished(QStringLiteral("preflight"), m_preflightRecord);
        m_wizard->run()->execute(state.preflight);
    }
    fitRows();
    m_tick.start();
    Q_EMIT completeChanged();
}

void ProgressPage::cancelRequested(bool accepted)
{
    if (!m_running)
        return;
    if (accepted) {
        m_verdict->showMessage(Status::Warning,
            tr("Stopping the restore at the next safe point. If the database in use was already moved aside, it is "
               "put back in place and the gateway started on it again. Nothing is deleted."));
    } else {
        m_verdict->showMessage(Status::Warning,
            tr("The step running now cannot be stopped: it puts the original database back (or writes the report). "
               "It ends by itself."));
    }
}

void ProgressPage::onEnded(const RestoreReport &report)
{
    if (!m_running)
        return;
    m_running = false;
    m_ended = true;
    m_tick.stop();
    RestoreWizardState &state = m_wizard->state();
    m_model->runEnded(report.outcome == RestoreReport::Outcome::Verified);
    if (state.resume) {
        const RestoreStep interrupted = stepOf(state.resume->journal.phase);
        if (m_model->state(interrupted) == RestoreStepModel::State::NotRun)
            m_model->setNote(interrupted, tr("interrupted here earlier"));
    }
    m_instruction->clear();
    m_wizard->setButtonText(QWizard::CancelButton, m_cancelText);
    state.report = report;
    state.ended = true;
    if (report.outcome == RestoreReport::Outcome::NeedsAttention && state.local.downloaded) {
        // The journal names the downloaded copy: a resumed restore may need it.
        m_wizard->fetcher()->keepDownloads();
    }
    switch (report.outcome) {
    case RestoreReport::Outcome::Verified:
        m_model->setNote(RestoreStep::Finish, tr("next page: choose what happens to the replaced files"));
        m_verdict->showMessage(Status::Good, tr("Restored and verified. Next: the verification results and the report."));
        break;
    case RestoreReport::Outcome::RolledBack:
        if (state.resume && state.resume->choice == ResumeAdvice::Choice::RollBack) {
            m_verdict->showMessage(Status::Good,
                tr("Rolled back, as you chose: the original database is back in place and served. Next: the report."),
                RestoreWords::failure(report));
            break;
        }
        m_verdict->showMessage(Status::Bad,
            tr("The restore did not complete and was rolled back: the original database is back in place and served. "
               "Next: what failed and the report."),
            RestoreWords::failure(report));
        break;
    case RestoreReport::Outcome::Aborted:
        m_verdict->showMessage(Status::Warning,
            tr("The restore stopped before any file was moved: the gateway serves the original database. Next: the "
               "report."),
            RestoreWords::failure(report));
        break;
    default:
        m_verdict->showMessage(Status::Bad,
            tr("The restore needs your attention: it could neither finish nor roll back by itself. Nothing was "
               "deleted. Next: what to do now."),
            RestoreWords::failure(report));
        break;
    }
    fitRows();
    Q_EMIT completeChanged();
    Q_EMIT ended(report);
    Q_EMIT m_wizard->restoreEnded(report);
    if (QAbstractButton *next = m_wizard->button(QWizard::NextButton))
        next->setFocus();
}

bool ProgressPage::isComplete() const
{
    return m_ended;
}

} // namespace aegis::console
