#pragma once

#include "common/restore/BadFilesDisposition.h"
#include "common/restore/PreflightResult.h"
#include "common/restore/RestoreJournal.h"
#include "common/restore/RestoreReport.h"
#include "common/restore/RestoreOptions.h"
#include "common/restore/ResumeAdvice.h"
#include "console/restore/RestoreDependencies.h"
#include "console/restore/RestoreTarget.h"

#include <QObject>
#include <QStringList>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

namespace aegis {
class RestoreEngine;
class RestoreSignals;
} // namespace aegis

namespace aegis::console {

// One restore, driven from the UI thread and run on a thread of its own:
// the engine blocks (it waits for the gateway, copies, verifies) and the
// window must not. Calls return at once; the answer comes as a signal on
// the UI thread. The engine is wired as aegis-restore wires it (same
// service control, probe and options), with the wizard's cancel layer.
//
// One call at a time: the wizard only asks for the next one after the
// answer to the previous one. Destroying a run waits for the call in
// progress (a restore finishes or rolls back; it is never abandoned
// half-way).
class RestoreRun : public QObject
{
    Q_OBJECT

public:
    explicit RestoreRun(RestoreDependencies dependencies = {}, QObject *parent = nullptr);
    ~RestoreRun() override;

    // Step events, emitted on the restore's thread: connect them to widgets
    // as usual (Qt queues them).
    RestoreSignals *events() const { return m_events; }
    bool isBusy() const { return m_busy; }
    // The JSON report's path (the text beside it, .txt), once known.
    QString reportPath() const { return m_reportPath; }

    // Step 1: a new engine for this backup; nothing is touched.
    void preflight(const RestoreTarget &target, const QString &backupPath, const QString &manifestPath,
        const QString &archiveDirectory);
    // Steps 2-7 with the preflight the operator confirmed (overrides applied).
    void execute(const PreflightResult &confirmed);
    // Step 8, after a verified restore.
    void finish(BadFilesDisposition disposition);
    // An interrupted restore, from its journal (its service control and URL).
    void resume(const RestoreTarget &target, const RestoreJournal &journal, ResumeAdvice::Choice choice);

    // From the UI thread, while a call runs. Returns false when the step
    // running now cannot be cancelled (the rollback, the finish).
    bool cancel();
    bool isCancelRequested() const { return m_cancelRequested; }

Q_SIGNALS:
    void preflightFinished(const aegis::PreflightResult &result, const QStringList &notes);
    // execute() or resume() came back: Verified, RolledBack, Aborted, NeedsAttention or Refused.
    void restoreFinished(const aegis::RestoreReport &report);
    void finishFinished(const aegis::RestoreReport &report);
    // Manual service control: what the operator must do now.
    void instruction(const QString &text);

private:
    struct Machinery;

    void post(std::function<void()> job);
    // On the UI thread, between calls: nothing built here belongs to a thread.
    void build(const RestoreTarget &target, const ServiceSpec &service, const QString &gatewayUrl);
    // On the restore's thread: the engine, once its options are known.
    void startEngine(const RestoreOptions &options);
    void deliver(const RestoreReport &report, void (RestoreRun::*finished)(const RestoreReport &));

    RestoreDependencies m_dependencies;
    RestoreSignals *m_events;
    QThread m_thread;
    QObject *m_worker;
    std::unique_ptr<Machinery> m_machinery;
    // The engine of the call running now, for cancel() from the UI thread.
    std::atomic<RestoreEngine *> m_engine{nullptr};
    bool m_busy = false;
    std::atomic<bool> m_cancelRequested{false};
    QString m_reportPath;
};

} // namespace aegis::console
