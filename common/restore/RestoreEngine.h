#pragma once

#include "common/restore/BadFilesDisposition.h"
#include "common/restore/PreflightResult.h"
#include "common/restore/RestoreContext.h"
#include "common/restore/RestoreJournal.h"
#include "common/restore/RestoreOptions.h"
#include "common/restore/RestoreReport.h"
#include "common/restore/ResumeAdvice.h"
#include "common/restore/StepRecord.h"

#include <atomic>
#include <optional>

namespace aegis {

class FileSwap;
class GatewayStateWaiter;

// The guided restore (RESTORE_AND_DRILL.md), without widgets. One engine per
// restore; every call blocks and belongs on one thread (a worker thread in
// the console, the main thread in aegis-restore). Progress goes to the
// context's RestoreObserver.
//
//   RestoreEngine engine(context, options);
//   PreflightResult pre = engine.preflight();         // step 1: nothing touched
//   // show pre.checks and pre.plan; on refusal show pre.refusal();
//   // with the operator's consent: pre.applyOverrides();
//   // ask for pre.plan.confirmationPhrase()
//   RestoreReport r = engine.execute(pre);            // steps 2-7, rollback on failure
//   if (r.outcome == RestoreReport::Outcome::Verified)
//       r = engine.finish(BadFilesDisposition::Keep); // step 8, report written
//
// After a crash: RestoreEngine::loadJournal() finds the journal,
// ResumeAdvice::forJournal() says what may be done, resume() does it (and
// finish() afterwards when the outcome is Verified).
class RestoreEngine
{
public:
    RestoreEngine(RestoreContext context, RestoreOptions options);
    ~RestoreEngine();
    RestoreEngine(const RestoreEngine &) = delete;
    RestoreEngine &operator=(const RestoreEngine &) = delete;

    PreflightResult preflight();
    // Refused without touching anything unless preflight.passed().
    RestoreReport execute(const PreflightResult &preflight);
    // Only after execute() or resume() came back Verified.
    RestoreReport finish(BadFilesDisposition disposition);

    // nullopt with an empty *error: there is no journal.
    static std::optional<RestoreJournal> loadJournal(FileOperations &files, const QString &databasePath, QString *error);
    // A choice the journal's phase does not allow is replaced by the one it
    // does (ResumeAdvice); ask first to tell the operator.
    RestoreReport resume(const RestoreJournal &journal, ResumeAdvice::Choice choice);

    // From any thread. Honoured at the next look; after the move aside it
    // means a rollback.
    void cancel() { m_cancelled = true; }
    bool isCancelled() const { return m_cancelled; }

    const RestoreJournal &journal() const { return m_journal; }
    // The JSON report's path (the text is beside it, with ".txt").
    QString reportPath() const;
    // Writes the report (JSON and text) durably; done by finish() and at
    // every other end of execute()/resume(); public for refusals and dry runs.
    bool saveReport(const RestoreReport &report, QString *error);

private:
    enum class Stage
    {
        Stop,
        MoveAside,
        Copy,
        Start,
        WaitReady,
        SpotCheck,
        VerifyChain
    };

    void beginReport(const PreflightResult &preflight);
    void startJournal(const PreflightResult &preflight);
    bool save(RestoreJournal::Phase phase, StepFinding *error);
    StepRecord begin(RestoreStep step);
    void end(StepRecord &record, StepRecord::Outcome outcome, const StepFinding &finding);
    // Bytes: every progress the engine itself reports is of hashing or copying.
    void progress(RestoreStep step, qint64 done, qint64 total, const QString &what);
    std::chrono::milliseconds stopTimeout() const;
    std::chrono::milliseconds startTimeout() const;

    RestoreReport runFrom(Stage stage, bool installOnly);
    // Each fills record.finding when it succeeds and *failure when not.
    bool runStop(StepRecord &record, StepFinding *failure);
    bool runMoveAside(StepRecord &record, StepFinding *failure);
    bool runCopy(StepRecord &record, bool installOnly, StepFinding *failure);
    bool runStart(StepRecord &record, StepFinding *failure);
    bool runWaitReady(StepRecord &record, StepFinding *failure);
    bool gatewayAlreadyRunning();
    bool runSpotCheck(StepRecord &record, StepFinding *failure);
    bool runVerifyChain(StepRecord &record, StepFinding *failure);
    RestoreReport rollback(const RestoreFailure &failure);
    // Why a rollback stopped short, and what the operator does next.
    struct RollbackProblem
    {
        StepFinding what;
        RestoreNextAction next;
    };
    std::optional<RollbackProblem> putOriginalBack(StepRecord &record, FileSwap &swap);
    std::optional<RollbackProblem> serveOriginal(StepRecord &record, bool touched);
    RestoreNextAction rollbackAction(RestoreNextAction::Kind kind, const QString &cause = {}) const;
    RestoreReport conclude(RestoreReport::Outcome outcome, const QList<RestoreNextAction> &nextActions = {});
    RestoreReport closeJournal();
    QList<ReportFile> filesNow(bool restored);

    RestoreContext m_context;
    RestoreOptions m_options;
    RestoreJournal m_journal;
    RestoreReport m_report;
    std::atomic<bool> m_cancelled{false};
    std::unique_ptr<GatewayStateWaiter> m_waiter;
};

} // namespace aegis
