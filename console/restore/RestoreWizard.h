#pragma once

#include "common/restore/RestoreJournal.h"
#include "common/restore/RestoreReport.h"
#include "common/restore/ResumeAdvice.h"
#include "console/restore/RestoreDependencies.h"
#include "console/restore/RestoreTarget.h"
#include "console/restore/RestoreWizardState.h"

#include <QWizard>

namespace aegis::console {

class BackupFetcher;
class ChooseBackupPage;
class ConfirmPage;
class GatewaySession;
class PlanPage;
class PreflightPage;
class ProgressPage;
class RestoreRun;
class ResultPage;

// The guided restore: choose a backup, see the checks and the plan, type
// the confirmation, watch each step, finish with the verification and the
// report. Or, for an interrupted restore, its finish or rollback with the
// same progress and result pages. The engine runs on a thread of its own
// (RestoreRun); the wizard only shows and asks.
//
// While a restore runs, Cancel (and Esc, and closing the window) asks the
// engine to stop, after a question; the wizard stays open until the engine
// has finished or rolled back. Once a restore is verified there is no
// Cancel: nothing may leave it unfinished (its journal open, no report).
// Finish ends it with the operator's choice for the replaced files; Esc and
// closing the window end it the default way (the files kept).
class RestoreWizard : public QWizard
{
    Q_OBJECT

public:
    enum PageId
    {
        ChoosePageId,
        PreflightPageId,
        PlanPageId,
        ConfirmPageId,
        ProgressPageId,
        ResultPageId
    };

    RestoreWizard(GatewaySession &session, RestoreDependencies dependencies, QWidget *parent = nullptr);
    ~RestoreWizard() override;

    // A new restore from the first page; `backupName` preselects a catalog entry.
    void startNew(const QString &backupName = QString());
    // An interrupted restore: straight to the progress page.
    void startResume(const RestoreJournal &journal, ResumeAdvice::Choice choice);

    GatewaySession &session() const { return m_session; }
    RestoreRun *run() const { return m_run; }
    BackupFetcher *fetcher() const { return m_fetcher; }
    const RestoreTarget &target() const { return m_target; }
    void refreshTarget();

    RestoreWizardState &state() { return m_state; }
    // Where "archive" moves the replaced files.
    QString archiveDirectory() const;

    // A restore (not only its checks) is running now.
    bool isRestoring() const;
    // The restore came back verified and its finish (step 8) has not run yet.
    bool isVerifiedUnfinished() const;
    // Asks the engine to stop, without a question (tests; the question's answer).
    void cancelRestore();

    ChooseBackupPage *choosePage() const { return m_choose; }
    PreflightPage *preflightPage() const { return m_preflight; }
    PlanPage *planPage() const { return m_plan; }
    ConfirmPage *confirmPage() const { return m_confirm; }
    ProgressPage *progressPage() const { return m_progress; }
    ResultPage *resultPage() const { return m_result; }

Q_SIGNALS:
    // The restore (or resume) came to an end: the Restore page shows it.
    void restoreEnded(const aegis::RestoreReport &report);
    // The operator wants to edit the connection (the wizard has closed).
    void editConnectionRequested();

public Q_SLOTS:
    void reject() override;

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void askToCancel();

    GatewaySession &m_session;
    RestoreTarget m_target;
    RestoreWizardState m_state;
    RestoreRun *m_run;
    BackupFetcher *m_fetcher;
    ChooseBackupPage *m_choose;
    PreflightPage *m_preflight;
    PlanPage *m_plan;
    ConfirmPage *m_confirm;
    ProgressPage *m_progress;
    ResultPage *m_result;
    bool m_asking = false;
};

} // namespace aegis::console
