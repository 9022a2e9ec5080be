#pragma once

#include "common/restore/RestoreObserver.h"

#include <atomic>

namespace aegis {
class RestoreSignals;
}

namespace aegis::console {

class CancellableFileOperations;

// The engine's observer in the console: passes every event on to the
// RestoreSignals the wizard listens to (queued, across threads), and tells
// the cancel layer which steps may be cancelled, on the restore's own
// thread, at the moment each step begins.
class RestoreStepRelay : public RestoreObserver
{
public:
    RestoreStepRelay(RestoreSignals &events, CancellableFileOperations &files);

    void stepStarted(RestoreStep step, const QDateTime &at) override;
    void stepProgress(RestoreStep step, qint64 done, qint64 total, ProgressUnit unit, const QString &what) override;
    void stepMessage(RestoreStep step, const QString &message) override;
    void stepFinished(const StepRecord &record) override;

    // The step running now (Preflight before any), readable from any thread.
    RestoreStep currentStep() const { return m_current.load(); }

private:
    RestoreSignals &m_signals;
    CancellableFileOperations &m_files;
    std::atomic<RestoreStep> m_current{RestoreStep::Preflight};
};

} // namespace aegis::console
