#include "console/restore/RestoreWizard.h"

#include "console/connection/GatewaySession.h"
#include "console/restore/BackupFetcher.h"
#include "console/restore/ChooseBackupPage.h"
#include "console/restore/ConfirmPage.h"
#include "console/restore/PlanPage.h"
#include "console/restore/PreflightPage.h"
#include "console/restore/ProgressPage.h"
#include "console/restore/RestoreRun.h"
#include "console/restore/ResultPage.h"

#include <QCloseEvent>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QPushButton>

namespace aegis::console {

RestoreWizard::RestoreWizard(GatewaySession &session, RestoreDependencies dependencies, QWidget *parent)
    : QWizard(parent)
    , m_session(session)
    , m_run(new RestoreRun(std::move(dependencies), this))
    , m_fetcher(new BackupFetcher(session, this))
    , m_choose(new ChooseBackupPage(this))
    , m_preflight(new PreflightPage(this))
    , m_plan(new PlanPage(this))
    , m_confirm(new ConfirmPage(this))
    , m_progress(new ProgressPage(this))
    , m_result(new ResultPage(this))
{
    setObjectName(QStringLiteral("restoreWizard"));
    setWindowTitle(tr("Restore a backup"));
    setWizardStyle(QWizard::ClassicStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setOption(QWizard::NoBackButtonOnLastPage);
    setOption(QWizard::NoCancelButtonOnLastPage);
    setWindowModality(Qt::WindowModal);
    setPage(ChoosePageId, m_choose);
    setPage(PreflightPageId, m_preflight);
    setPage(PlanPageId, m_plan);
    setPage(ConfirmPageId, m_confirm);
    setPage(ProgressPageId, m_progress);
    setPage(ResultPageId, m_result);
    setButtonText(QWizard::CommitButton, tr("&Restore now"));
    setButtonText(QWizard::FinishButton, tr("&Close"));
    refreshTarget();
    resize(980, 720);
    // A verified restore has no Cancel anywhere, from the moment it is verified.
    connect(this, &RestoreWizard::restoreEnded, this, [this] { setOption(QWizard::NoCancelButton, isVerifiedUnfinished()); });
}

RestoreWizard::~RestoreWizard() = default;

void RestoreWizard::refreshTarget()
{
    m_target = RestoreTarget::fromProfile(m_session.profile(), m_session.storedToken().token);
}

QString RestoreWizard::archiveDirectory() const
{
    return m_target.archiveDirectory();
}

void RestoreWizard::startNew(const QString &backupName)
{
    refreshTarget();
    m_state = RestoreWizardState();
    setOption(QWizard::NoCancelButton, false);
    m_choose->preselect(backupName);
    setStartId(ChoosePageId);
    restart();
}

void RestoreWizard::startResume(const RestoreJournal &journal, ResumeAdvice::Choice choice)
{
    refreshTarget();
    m_state = RestoreWizardState();
    m_state.resume = RestoreWizardState::Resume{journal, choice};
    setOption(QWizard::NoCancelButton, false);
    setStartId(ProgressPageId);
    restart();
}

bool RestoreWizard::isRestoring() const
{
    return currentId() == ProgressPageId && m_run->isBusy();
}

bool RestoreWizard::isVerifiedUnfinished() const
{
    return m_state.ended && !m_state.finished && m_state.report.outcome == RestoreReport::Outcome::Verified;
}

void RestoreWizard::cancelRestore()
{
    m_progress->cancelRequested(m_run->cancel());
}

void RestoreWizard::askToCancel()
{
    if (m_asking)
        return;
    m_asking = true;
    auto *question = new QMessageBox(QMessageBox::Question, tr("Stop the restore?"),
        tr("Stop the restore at the next safe point?"), QMessageBox::NoButton, this);
    question->setInformativeText(
        tr("If the database in use has already been moved aside, it is put back in place (its SHA-256 checked) and "
           "the gateway is started on it again. Nothing is deleted."));
    QPushButton *stop = question->addButton(tr("&Stop the restore"), QMessageBox::DestructiveRole);
    QPushButton *keep = question->addButton(tr("&Keep going"), QMessageBox::RejectRole);
    question->setDefaultButton(keep);
    question->setAttribute(Qt::WA_DeleteOnClose);
    connect(question, &QMessageBox::finished, this, [this, question, stop] {
        m_asking = false;
        if (question->clickedButton() == stop && isRestoring())
            cancelRestore();
    });
    question->open();
}

void RestoreWizard::reject()
{
    if (isRestoring()) {
        // A restore is never abandoned half-way: the engine stops and rolls back.
        askToCancel();
        return;
    }
    if (isVerifiedUnfinished()) {
        // Verified but not finished (Esc or the window closed, on the
        // progress page or the result page): finish it the default way (the
        // replaced files kept), so that the report is written and the
        // journal closed; the wizard closes once that is done.
        if (currentId() != ResultPageId)
            next();
        m_result->finishThenClose();
        return;
    }
    if (m_run->isBusy())
        m_run->cancel();
    m_fetcher->cancel();
    QWizard::reject();
}

void RestoreWizard::closeEvent(QCloseEvent *event)
{
    if (isRestoring()) {
        event->ignore();
        askToCancel();
        return;
    }
    QWizard::closeEvent(event);
}

} // namespace aegis::console
