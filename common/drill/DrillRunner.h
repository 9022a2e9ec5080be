#pragma once

#include "common/drill/DrillOptions.h"
#include "common/drill/DrillReport.h"
#include "common/restore/CommandRunner.h"
#include "common/restore/FileOperations.h"
#include "common/restore/GatewayProbe.h"
#include "common/restore/PreflightResult.h"
#include "common/util/Clock.h"

#include <atomic>
#include <functional>
#include <memory>

namespace aegis {

class DrillObserver;
class ThrowawayGateway;

// The disaster-recovery drill (RESTORE_AND_DRILL.md), without widgets, built
// from the restore engine's pieces: RestorePreflight checks the backup,
// VerifiedCopy restores it into a scratch directory, a ThrowawayGateway
// (ManagedServiceControl + GatewayStateWaiter) serves it, SpotCheck and
// ServedChainCheck verify it, SyntheticCall proves it writable. Production
// is only asked for the backup. Whatever happens (failure, cancel) the
// throwaway gateway is stopped and the scratch directory removed, and the
// report says whether that was proven.
//
// Blocking; one runner per drill, on one thread (a worker thread in the
// console, the main thread in aegis-drill). cancel() from any thread.
class DrillRunner
{
public:
    // Everything left null is the real thing (POSIX files, the system
    // clock, HTTP, QProcess).
    struct Dependencies
    {
        FileOperations *files = nullptr;
        Clock *clock = nullptr;
        CommandRunner *runner = nullptr;
        DrillObserver *observer = nullptr;
        std::function<std::unique_ptr<GatewayProbe>(const GatewayEndpoint &)> probe;
    };

    explicit DrillRunner(DrillOptions options);
    DrillRunner(DrillOptions options, Dependencies dependencies);
    ~DrillRunner();
    DrillRunner(const DrillRunner &) = delete;
    DrillRunner &operator=(const DrillRunner &) = delete;

    DrillReport run();
    void cancel() { m_cancelled = true; }
    bool isCancelled() const { return m_cancelled; }

private:
    struct StepResult
    {
        bool ok = false;
        DrillFailure failure = DrillFailure::None;
        QString detail;
        bool warning = false;
        QJsonObject evidence;
    };

    bool runStep(DrillStep step, const std::function<StepResult()> &body, bool cancellable = true);
    void check(DrillCheck::Kind kind, bool passed, const QString &expected, const QString &found,
               const QString &subject = {}, bool warning = false);
    void fail(DrillStep step, DrillFailure failure, const QString &detail);

    StepResult obtainBackup();
    StepResult verifyBackup();
    StepResult restoreCopy();
    StepResult startGateway();
    StepResult waitReady();
    StepResult spotCheck();
    StepResult verifyChain();
    StepResult syntheticCall();
    StepResult stopGateway();
    StepResult cleanup();
    void applyLimits();
    void describeEnvironment();

    DrillOptions m_options;
    std::unique_ptr<FileOperations> m_ownFiles;
    std::unique_ptr<CommandRunner> m_ownRunner;
    FileOperations *m_files;
    Clock *m_clock;
    CommandRunner *m_runner;
    DrillObserver *m_observer;
    std::function<std::unique_ptr<GatewayProbe>(const GatewayEndpoint &)> m_probes;

    std::atomic<bool> m_cancelled{false};
    DrillReport m_report;
    QString m_scratch;
    PreflightResult m_preflight;
    std::unique_ptr<ThrowawayGateway> m_gateway;
    qint64 m_recoveryStartMs = -1;
};

} // namespace aegis
