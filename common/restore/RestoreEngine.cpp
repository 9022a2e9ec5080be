#include "common/restore/RestoreEngine.h"

#include "common/restore/BadFilesDisposal.h"
#include "common/restore/FileSwap.h"
#include "common/restore/GatewayStateWaiter.h"
#include "common/restore/RestoreFileNames.h"
#include "common/restore/RestorePreflight.h"
#include "common/restore/RestoreWording.h"
#include "common/restore/ServedChainCheck.h"
#include "common/restore/SpotCheck.h"
#include "common/restore/VerifiedCopy.h"
#include "common/util/Timestamp.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace aegis {

namespace {

using Phase = RestoreJournal::Phase;

QString reportTextPath(const QString &jsonPath)
{
    return (jsonPath.endsWith(QLatin1String(".json")) ? jsonPath.chopped(5) : jsonPath) + QStringLiteral(".txt");
}

} // namespace

RestoreEngine::RestoreEngine(RestoreContext context, RestoreOptions options)
    : m_context(context)
    , m_options(std::move(options))
{
    m_options.databasePath = QFileInfo(m_options.databasePath).absoluteFilePath();
    if (!m_options.backupPath.isEmpty())
        m_options.backupPath = QFileInfo(m_options.backupPath).absoluteFilePath();
    m_waiter = std::make_unique<GatewayStateWaiter>(m_context, m_options.databasePath, m_options.pollInterval,
                                                    std::min(m_options.requestTimeoutMs, 5000));
    m_waiter->setCancelled([this] { return m_cancelled.load(); });
}

RestoreEngine::~RestoreEngine() = default;

PreflightResult RestoreEngine::preflight()
{
    const QDateTime started = m_context.clock.nowUtc();
    const qint64 startedMs = m_context.clock.monotonicMs();
    if (m_context.observer)
        m_context.observer->stepStarted(RestoreStep::Preflight, started);
    RestorePreflight preflight(m_context, m_options, [this] { return m_cancelled.load(); });
    PreflightResult result = preflight.run();
    if (m_context.observer) {
        StepRecord record;
        record.step = RestoreStep::Preflight;
        record.startedAt = Timestamp::millis(started);
        record.finishedAt = Timestamp::millis(m_context.clock.nowUtc());
        record.durationMs = m_context.clock.monotonicMs() - startedMs;
        record.outcome = result.passed() ? StepRecord::Outcome::Ok : StepRecord::Outcome::Failed;
        record.finding
            = StepFinding(result.passed() ? StepFinding::Kind::ChecksPassed : StepFinding::Kind::ChecksRefused);
        m_context.observer->stepFinished(record);
    }
    return result;
}

QString RestoreEngine::reportPath() const
{
    if (!m_options.reportPath.isEmpty())
        return QFileInfo(m_options.reportPath).absoluteFilePath();
    const QString database = m_journal.databasePath.isEmpty() ? m_options.databasePath : m_journal.databasePath;
    return RestoreFileNames(database, m_journal.stamp).report();
}

bool RestoreEngine::saveReport(const RestoreReport &report, QString *error)
{
    const QString json = reportPath();
    return m_context.files.writeDurably(json, QJsonDocument(report.toJson()).toJson(QJsonDocument::Indented), error)
        && m_context.files.writeDurably(reportTextPath(json), report.toText().toUtf8(), error);
}

std::optional<RestoreJournal> RestoreEngine::loadJournal(FileOperations &files, const QString &databasePath, QString *error)
{
    const QString path = RestoreFileNames::journal(QFileInfo(databasePath).absoluteFilePath());
    if (error)
        error->clear();
    if (!files.exists(path))
        return std::nullopt;
    const auto bytes = files.readAll(path, error);
    if (!bytes)
        return std::nullopt;
    return RestoreJournal::fromBytes(*bytes, error);
}

void RestoreEngine::beginReport(const PreflightResult &preflight)
{
    const QDateTime now = m_context.clock.nowUtc();
    m_report = RestoreReport();
    m_report.id = QStringLiteral("restore-%1").arg(Timestamp::compact(now));
    m_report.startedAt = Timestamp::millis(now);
    m_report.databasePath = m_options.databasePath;
    m_report.gatewayUrl = m_options.gatewayUrl;
    m_report.service = m_options.service.describe();
    m_report.checks = preflight.checks;
    m_report.plan = preflight.plan.toJson();
    m_report.backup = m_report.plan.value(QStringLiteral("backup")).toObject();
}

void RestoreEngine::startJournal(const PreflightResult &preflight)
{
    const RestorePlan &plan = preflight.plan;
    m_journal = RestoreJournal();
    m_journal.id = m_report.id;
    m_journal.startedAt = m_report.startedAt;
    m_journal.stamp = plan.stamp;
    m_journal.databasePath = m_options.databasePath;
    m_journal.backupPath = m_options.backupPath;
    m_journal.manifestPath = plan.manifestPath;
    m_journal.backupSha256 = plan.backupSha256;
    m_journal.backupBytes = plan.backupBytes;
    m_journal.backupCreatedAt = plan.backupCreatedAt;
    m_journal.backupSchemaVersion = plan.backupSchemaVersion;
    m_journal.expectedHeads = plan.backup.heads;
    m_journal.expectedAgents = plan.backup.agents;
    m_journal.expectedDecisions = plan.backup.decisions;
    m_journal.expectedReceipts = plan.backup.receipts;
    m_journal.expectedNewestDecisionAt = plan.backup.newestDecisionAt;
    m_journal.service = m_options.service;
    m_journal.gatewayUrl = m_options.gatewayUrl;
    m_journal.preflight = preflight.toJson();
}

bool RestoreEngine::save(Phase phase, StepFinding *error)
{
    m_journal.phase = phase;
    if (phase != Phase::RollingBack && phase > m_journal.reached)
        m_journal.reached = phase;
    m_journal.updatedAt = Timestamp::millis(m_context.clock.nowUtc());
    QString why;
    if (m_context.files.writeDurably(RestoreFileNames::journal(m_journal.databasePath), m_journal.toBytes(), &why))
        return true;
    if (error)
        *error = StepFinding(StepFinding::Kind::JournalNotWritten, why);
    return false;
}

StepRecord RestoreEngine::begin(RestoreStep step)
{
    StepRecord record;
    record.step = step;
    const QDateTime now = m_context.clock.nowUtc();
    record.startedAt = Timestamp::millis(now);
    record.durationMs = m_context.clock.monotonicMs(); // the start, until end()
    if (m_context.observer)
        m_context.observer->stepStarted(step, now);
    return record;
}

void RestoreEngine::end(StepRecord &record, StepRecord::Outcome outcome, const StepFinding &finding)
{
    record.outcome = outcome;
    record.finding = finding;
    record.finishedAt = Timestamp::millis(m_context.clock.nowUtc());
    record.durationMs = m_context.clock.monotonicMs() - record.durationMs;
    m_journal.steps.append(record);
    m_report.steps.append(record);
    if (m_context.observer)
        m_context.observer->stepFinished(record);
}

void RestoreEngine::progress(RestoreStep step, qint64 done, qint64 total, const QString &what)
{
    if (m_context.observer)
        m_context.observer->stepProgress(step, done, total, ProgressUnit::Bytes, what);
}

std::chrono::milliseconds RestoreEngine::stopTimeout() const
{
    return m_context.service.needsOperator() ? m_options.operatorTimeout : m_options.stopTimeout;
}

std::chrono::milliseconds RestoreEngine::startTimeout() const
{
    return m_context.service.needsOperator() ? m_options.operatorTimeout : m_options.startTimeout;
}

RestoreReport RestoreEngine::execute(const PreflightResult &preflight)
{
    beginReport(preflight);
    if (!preflight.passed()) {
        m_report.failure = RestoreFailure(RestoreStep::Preflight, StepFinding(StepFinding::Kind::Refused));
        return conclude(RestoreReport::Outcome::Refused);
    }
    startJournal(preflight);
    return runFrom(Stage::Stop, false);
}

RestoreReport RestoreEngine::resume(const RestoreJournal &journal, ResumeAdvice::Choice choice)
{
    m_journal = journal;
    m_options.databasePath = journal.databasePath;
    m_options.backupPath = journal.backupPath;
    m_report = RestoreReport();
    m_report.id = journal.id;
    m_report.startedAt = journal.startedAt;
    m_report.databasePath = journal.databasePath;
    m_report.gatewayUrl = journal.gatewayUrl;
    m_report.service = journal.service.describe();
    m_report.resumed = true;
    m_report.steps = journal.steps;
    for (const QJsonValue &check : journal.preflight.value(QStringLiteral("checks")).toArray())
        m_report.checks.append(PreflightCheck::fromJson(check.toObject()));
    m_report.plan = journal.preflight.value(QStringLiteral("plan")).toObject();
    m_report.backup = m_report.plan.value(QStringLiteral("backup")).toObject();
    // The checks of the interrupted run, as it recorded them.
    for (const StepRecord &step : journal.steps) {
        if (step.step == RestoreStep::SpotCheck && step.outcome != StepRecord::Outcome::Failed)
            m_report.verification.takeSpotCheck(step.details);
        else if (step.step == RestoreStep::VerifyChain && step.outcome != StepRecord::Outcome::Failed)
            m_report.verification.takeChainCheck(step.details, step.outcome == StepRecord::Outcome::Warning);
    }
    m_waiter = std::make_unique<GatewayStateWaiter>(m_context, journal.databasePath, m_options.pollInterval,
                                                    std::min(m_options.requestTimeoutMs, 5000));
    m_waiter->setCancelled([this] { return m_cancelled.load(); });

    const ResumeAdvice advice = ResumeAdvice::forJournal(journal);
    // A choice the phase does not allow falls back to the one it does
    // (aegis-restore refuses it earlier, with the reason).
    if (!advice.allows(choice))
        choice = advice.recommended;
    if (choice == ResumeAdvice::Choice::RollBack) {
        if (journal.phase == Phase::RollingBack)
            return rollback(journal.failure);
        StepFinding interrupted(StepFinding::Kind::Interrupted);
        interrupted.name = RestoreJournal::phaseName(journal.phase);
        // Keep the step an earlier failure named; else the rollback is the step.
        return rollback(
            RestoreFailure(journal.failure.isEmpty() ? RestoreStep::Rollback : journal.failure.step, interrupted));
    }
    switch (journal.phase) {
    case Phase::Stopping:
        return runFrom(Stage::Stop, false);
    case Phase::MovingAside:
        return runFrom(Stage::MoveAside, false);
    case Phase::Copying:
        return runFrom(Stage::Copy, false);
    case Phase::Installing:
        return runFrom(Stage::Copy, true);
    case Phase::Starting:
    case Phase::WaitingReady:
    case Phase::SpotChecking:
    case Phase::VerifyingChain:
        // The gateway may have died with the interrupted run: start again
        // (skipped when it answers) and redo every check.
        return runFrom(Stage::Start, false);
    case Phase::Finishing:
        m_report.outcome = RestoreReport::Outcome::Verified;
        return m_report;
    case Phase::RollingBack:
        break;
    }
    return rollback(journal.failure);
}

RestoreReport RestoreEngine::runFrom(Stage stage, bool installOnly)
{
    struct Entry
    {
        Stage stage;
        RestoreStep step;
    };
    static const Entry Stages[] = {
        {Stage::Stop, RestoreStep::Stop},           {Stage::MoveAside, RestoreStep::MoveAside},
        {Stage::Copy, RestoreStep::Copy},           {Stage::Start, RestoreStep::Start},
        {Stage::WaitReady, RestoreStep::WaitReady}, {Stage::SpotCheck, RestoreStep::SpotCheck},
        {Stage::VerifyChain, RestoreStep::VerifyChain},
    };
    for (const Entry &entry : Stages) {
        if (entry.stage < stage)
            continue;
        StepRecord record = begin(entry.step);
        StepFinding failure;
        bool ok = false;
        if (m_cancelled && !m_journal.copyInstalled()) {
            failure = StepFinding(StepFinding::Kind::Cancelled);
        } else {
            switch (entry.stage) {
            case Stage::Stop:
                ok = runStop(record, &failure);
                break;
            case Stage::MoveAside:
                ok = runMoveAside(record, &failure);
                break;
            case Stage::Copy:
                ok = runCopy(record, installOnly, &failure);
                break;
            case Stage::Start:
                ok = runStart(record, &failure);
                break;
            case Stage::WaitReady:
                ok = runWaitReady(record, &failure);
                break;
            case Stage::SpotCheck:
                ok = runSpotCheck(record, &failure);
                break;
            case Stage::VerifyChain:
                ok = runVerifyChain(record, &failure);
                break;
            }
        }
        if (!ok) {
            // A copy or hash stopped by the cancel fails with the file layer's
            // error; what happened is the operator's cancel.
            if ((m_cancelled || m_context.files.cancelledByOperator())
                && failure.kind == StepFinding::Kind::FilesFailed)
                failure = StepFinding(StepFinding::Kind::Cancelled, failure.cause);
            end(record, StepRecord::Outcome::Failed, failure);
            return rollback(RestoreFailure(entry.step, failure));
        }
        end(record,
            record.outcome == StepRecord::Outcome::Warning ? StepRecord::Outcome::Warning : StepRecord::Outcome::Ok,
            record.finding);
    }
    StepFinding error;
    if (!save(Phase::Finishing, &error)) {
        RestoreNextAction finishNow;
        finishNow.kind = RestoreNextAction::Kind::FinishNow;
        finishNow.cause = error.cause;
        m_report.nextActions = {finishNow};
    }
    m_report.outcome = RestoreReport::Outcome::Verified;
    m_report.files = filesNow(true);
    return m_report;
}

bool RestoreEngine::runStop(StepRecord &record, StepFinding *failure)
{
    if (!save(Phase::Stopping, failure))
        return false;
    const GatewayStateWaiter::Observation before = m_waiter->observe();
    if (before.stopped()) {
        // Proven, not assumed: the same two looks the wait makes.
        record.finding = StepFinding(StepFinding::Kind::AlreadyStopped);
        record.details = before.toJson();
        return true;
    }
    const ServiceControl::Result asked = m_context.service.stop();
    record.details.insert(QStringLiteral("service"), asked.detail);
    if (!asked.ok) {
        *failure = StepFinding(StepFinding::Kind::StopRequestFailed, asked.detail);
        return false;
    }
    const GatewayStateWaiter::Outcome stopped = m_waiter->waitStopped(stopTimeout(), RestoreStep::Stop);
    record.details.insert(QStringLiteral("evidence"), stopped.evidence);
    if (!stopped.reached) {
        *failure = stopped.finding;
        return false;
    }
    record.finding = stopped.finding;
    return true;
}

bool RestoreEngine::runMoveAside(StepRecord &record, StepFinding *failure)
{
    FileSwap swap(m_context.files, m_journal);
    QString error;
    if (!swap.recordOriginals(
            [this](qint64 done, qint64 total) {
                progress(RestoreStep::MoveAside, done, total, QStringLiteral("hashing the live database"));
            },
            &error)) {
        *failure = StepFinding(StepFinding::Kind::FilesFailed, error);
        return false;
    }
    if (!save(Phase::MovingAside, failure))
        return false;
    QJsonArray actions;
    QJsonArray originals;
    for (const RestoreJournal::Original &original : std::as_const(m_journal.originals))
        originals.append(QJsonObject{{QStringLiteral("role"), original.role},
                                     {QStringLiteral("from"), original.live},
                                     {QStringLiteral("to"), original.aside},
                                     {QStringLiteral("size_bytes"), original.size},
                                     {QStringLiteral("sha256"), original.sha256}});
    record.details.insert(QStringLiteral("originals"), originals);
    const bool ok = swap.moveAside(&actions, &error);
    record.details.insert(QStringLiteral("actions"), actions);
    if (!ok) {
        *failure = StepFinding(StepFinding::Kind::FilesFailed, error);
        return false;
    }
    if (m_journal.originals.isEmpty()) {
        record.finding = StepFinding(StepFinding::Kind::NothingToSetAside);
        return true;
    }
    const RestoreJournal::Original *db = m_journal.original(QStringLiteral("db"));
    record.finding = StepFinding(StepFinding::Kind::SetAside);
    record.finding.count = m_journal.originals.size();
    record.finding.path = m_journal.originals.first().aside;
    record.finding.sha256 = db ? db->sha256 : QString();
    return true;
}

bool RestoreEngine::runCopy(StepRecord &record, bool installOnly, StepFinding *failure)
{
    const RestoreFileNames names(m_journal.databasePath, m_journal.stamp);
    if (!installOnly) {
        m_journal.temporaryPath = names.temporary();
        m_journal.copySha256.clear();
        if (!save(Phase::Copying, failure))
            return false;
        VerifiedCopy copy(
            m_context.files,
            [this](qint64 done, qint64 total) { progress(RestoreStep::Copy, done, total, QStringLiteral("copying the backup")); },
            [this] { return m_cancelled.load(); });
        const VerifiedCopy::Result copied = copy.run(
            m_journal.backupPath, m_journal.temporaryPath, m_journal.backupSha256,
            m_journal.hasOriginalStatus ? std::optional<FileStatus>(m_journal.originalStatus) : std::nullopt);
        record.details = copied.details;
        if (!copied.ok) {
            *failure = StepFinding(StepFinding::Kind::FilesFailed, copied.error);
            return false;
        }
        m_journal.copySha256 = copied.sha256;
        if (!save(Phase::Installing, failure))
            return false;
    } else {
        // Resumed: the copy was verified before the interruption; read it
        // again before the gateway may open it.
        const QString live = names.live(QStringLiteral("db"));
        const QString path = m_context.files.exists(m_journal.temporaryPath) ? m_journal.temporaryPath : live;
        const Sha256::FileResult again = m_context.files.hashFile(
            path, [this](qint64 done, qint64 total) { progress(RestoreStep::Copy, done, total, QStringLiteral("verifying the copy again")); },
            [this] { return m_cancelled.load(); });
        if (!again.ok || again.hex != m_journal.backupSha256) {
            if (again.ok) {
                *failure = StepFinding(StepFinding::Kind::CopyChanged);
                failure->path = path;
                failure->sha256 = again.hex;
                failure->expectedSha256 = m_journal.backupSha256;
            } else {
                *failure = StepFinding(StepFinding::Kind::FilesFailed, again.error);
            }
            return false;
        }
        record.details.insert(QStringLiteral("sha256_on_disk"), again.hex);
        record.details.insert(QStringLiteral("checked"), path);
    }
    QJsonArray actions;
    QString error;
    const bool ok = FileSwap(m_context.files, m_journal).install(&actions, &error);
    record.details.insert(QStringLiteral("actions"), actions);
    if (!ok) {
        *failure = StepFinding(StepFinding::Kind::FilesFailed, error);
        return false;
    }
    record.finding = StepFinding(StepFinding::Kind::Copied);
    record.finding.sha256 = m_journal.backupSha256;
    record.finding.path = m_journal.databasePath;
    return true;
}

bool RestoreEngine::runStart(StepRecord &record, StepFinding *failure)
{
    if (!save(Phase::Starting, failure))
        return false;
    // Resumed after an interruption right after a start: a gateway that
    // holds the database but does not answer yet is starting; a second one
    // must not be started beside it.
    if (gatewayAlreadyRunning()) {
        record.finding = StepFinding(StepFinding::Kind::AlreadyRunning);
        return true;
    }
    const ServiceControl::Result started = m_context.service.start();
    record.details.insert(QStringLiteral("service"), started.detail);
    if (started.pid > 0)
        record.details.insert(QStringLiteral("pid"), started.pid);
    if (!started.ok) {
        *failure = StepFinding(StepFinding::Kind::StartFailed, started.detail);
        return false;
    }
    record.finding = StepFinding(StepFinding::Kind::Started, started.detail);
    return true;
}

bool RestoreEngine::gatewayAlreadyRunning()
{
    const GatewayStateWaiter::Observation now = m_waiter->observe();
    if (now.health.answered())
        return true;
    if (now.lock.state != LockProbe::State::Held)
        return false;
    // Something holds the database without answering: a gateway still
    // starting (never start a second one beside it), or only a reader such
    // as an operator's sqlite3 shell (then the gateway must be started).
    return m_waiter->waitAnswering(std::min<std::chrono::milliseconds>(startTimeout(), std::chrono::seconds(15)));
}

bool RestoreEngine::runWaitReady(StepRecord &record, StepFinding *failure)
{
    if (!save(Phase::WaitingReady, failure))
        return false;
    const GatewayStateWaiter::Outcome ready = m_waiter->waitReady(startTimeout(), RestoreStep::WaitReady);
    record.details = ready.evidence;
    if (!ready.reached) {
        *failure = ready.finding;
        return false;
    }
    record.finding = ready.finding;
    return true;
}

bool RestoreEngine::runSpotCheck(StepRecord &record, StepFinding *failure)
{
    if (!save(Phase::SpotChecking, failure))
        return false;
    SpotCheck::Expected expected;
    expected.agents = m_journal.expectedAgents;
    expected.decisions = m_journal.expectedDecisions;
    expected.receipts = m_journal.expectedReceipts;
    expected.newestDecisionAt = m_journal.expectedNewestDecisionAt;
    expected.databasePath = m_journal.databasePath;
    const SpotCheck::Result result = SpotCheck(m_context.gateway, m_options.requestTimeoutMs).run(expected);
    record.details = result.details;
    m_report.verification.counts = result.counts;
    m_report.verification.spotCheck = result.details;
    if (!result.passed) {
        *failure = result.finding;
        return false;
    }
    record.finding = result.finding;
    return true;
}

bool RestoreEngine::runVerifyChain(StepRecord &record, StepFinding *failure)
{
    if (!save(Phase::VerifyingChain, failure))
        return false;
    const ServedChainCheck::Result result = ServedChainCheck(m_context.gateway, m_options.verifyTimeoutMs).run(m_journal.expectedHeads);
    record.details = result.details;
    m_report.verification.chains = result.chains;
    m_report.verification.verifyRange = result.details.value(QStringLiteral("verify_range")).toObject();
    m_report.verification.chainsChecked = true;
    m_report.verification.chainsEmpty = result.empty;
    if (!result.passed) {
        *failure = result.finding;
        return false;
    }
    record.finding = result.finding;
    if (result.empty)
        record.outcome = StepRecord::Outcome::Warning;
    return true;
}

RestoreReport RestoreEngine::rollback(const RestoreFailure &failure)
{
    // Cancel means "go no further"; putting the original back is never
    // cancelled, or a cancel after the stop would strand the gateway.
    m_waiter->setCancelled({});
    m_report.failure = failure;
    m_journal.failure = failure;
    StepRecord record = begin(RestoreStep::Rollback);
    StepFinding journalError;
    const bool journalWritten = save(Phase::RollingBack, &journalError);
    if (!journalWritten)
        record.details.insert(QStringLiteral("journal"), journalError.cause);

    FileSwap swap(m_context.files, m_journal);
    const bool touched = swap.touched();
    std::optional<RollbackProblem> problem;
    if (touched)
        problem = putOriginalBack(record, swap);
    if (!problem)
        problem = serveOriginal(record, touched);
    if (problem) {
        end(record, StepRecord::Outcome::Failed, problem->what);
        m_report.files = filesNow(false);
        return conclude(RestoreReport::Outcome::NeedsAttention, {problem->next});
    }
    end(record, StepRecord::Outcome::Ok,
        StepFinding(touched ? StepFinding::Kind::RolledBack : StepFinding::Kind::NothingMoved));
    m_report.files = filesNow(false);
    conclude(touched ? RestoreReport::Outcome::RolledBack : RestoreReport::Outcome::Aborted, m_report.nextActions);
    return closeJournal();
}

RestoreNextAction RestoreEngine::rollbackAction(RestoreNextAction::Kind kind, const QString &cause) const
{
    RestoreNextAction action;
    action.kind = kind;
    action.database = m_journal.databasePath;
    action.cause = cause;
    if (const RestoreJournal::Original *db = m_journal.original(QStringLiteral("db")))
        action.path = db->aside;
    return action;
}

// The gateway running on the restored copy is stopped, the original files
// go back under the live names, and the database is proven the original.
std::optional<RestoreEngine::RollbackProblem> RestoreEngine::putOriginalBack(StepRecord &record, FileSwap &swap)
{
    const GatewayStateWaiter::Observation now = m_waiter->observe();
    if (now.running()) {
        const ServiceControl::Result asked = m_context.service.stop();
        record.details.insert(QStringLiteral("stop"), asked.detail);
        const GatewayStateWaiter::Outcome stopped = asked.ok
            ? m_waiter->waitStopped(stopTimeout(), RestoreStep::Rollback)
            : GatewayStateWaiter::Outcome{false, StepFinding(StepFinding::Kind::StopRequestFailed, asked.detail), {}};
        if (!stopped.reached) {
            return RollbackProblem{StepFinding::because(StepFinding::Kind::RestoredNotStopped, stopped.finding),
                                   rollbackAction(RestoreNextAction::Kind::StopGatewayThenRollBack)};
        }
    }
    QJsonArray actions;
    QString error;
    const bool back = swap.putBack(&actions, &error);
    record.details.insert(QStringLiteral("actions"), actions);
    if (!back) {
        return RollbackProblem{StepFinding(StepFinding::Kind::PutBackFailed, error),
                               rollbackAction(RestoreNextAction::Kind::FixCauseThenRollBack, error)};
    }
    if (const RestoreJournal::Original *db = m_journal.original(QStringLiteral("db"))) {
        const Sha256::FileResult hash = m_context.files.hashFile(db->live, {}, {});
        record.details.insert(QStringLiteral("original_sha256"), db->sha256);
        record.details.insert(QStringLiteral("live_sha256"), hash.ok ? hash.hex : hash.error);
        if (!hash.ok || hash.hex != db->sha256) {
            StepFinding mismatch(StepFinding::Kind::PutBackMismatch);
            mismatch.path = db->live;
            mismatch.expectedSha256 = db->sha256;
            return RollbackProblem{mismatch, rollbackAction(RestoreNextAction::Kind::RestoreOriginalByHand)};
        }
    }
    return std::nullopt;
}

// The gateway serves the original: already running on it, or started.
std::optional<RestoreEngine::RollbackProblem> RestoreEngine::serveOriginal(StepRecord &record, bool touched)
{
    if (gatewayAlreadyRunning()) {
        const GatewayStateWaiter::Outcome ready = m_waiter->waitReady(startTimeout(), RestoreStep::Rollback);
        record.details.insert(QStringLiteral("ready"), RestoreWording::finding(ready.finding));
        if (!ready.reached)
            return RollbackProblem{StepFinding::because(StepFinding::Kind::GatewayNotReady, ready.finding),
                                   rollbackAction(RestoreNextAction::Kind::RestartGatewayThenRollBack)};
        return std::nullopt;
    }
    const ServiceControl::Result started = m_context.service.start();
    record.details.insert(QStringLiteral("start"), started.detail);
    if (started.pid > 0)
        record.details.insert(QStringLiteral("pid"), started.pid);
    const GatewayStateWaiter::Outcome ready = started.ok
        ? m_waiter->waitReady(startTimeout(), RestoreStep::Rollback)
        : GatewayStateWaiter::Outcome{false, StepFinding(StepFinding::Kind::StartFailed, started.detail), {}};
    if (!ready.reached) {
        StepFinding notServed = StepFinding::because(StepFinding::Kind::OriginalNotServed, ready.finding);
        notServed.count = touched ? 1 : 0;
        return RollbackProblem{notServed, rollbackAction(RestoreNextAction::Kind::StartGatewayThenRollBack)};
    }
    record.details.insert(QStringLiteral("ready"), RestoreWording::finding(ready.finding));
    return std::nullopt;
}

RestoreReport RestoreEngine::finish(BadFilesDisposition disposition)
{
    if (m_journal.phase != Phase::Finishing || m_report.outcome != RestoreReport::Outcome::Verified) {
        RestoreReport refused = m_report;
        RestoreNextAction needsVerified;
        needsVerified.kind = RestoreNextAction::Kind::FinishNeedsVerified;
        refused.nextActions = {needsVerified};
        return refused;
    }
    StepRecord record = begin(RestoreStep::Finish);
    const QString archive = m_options.archiveDirectory.isEmpty() ? QFileInfo(m_journal.backupPath).absolutePath()
                                                                 : m_options.archiveDirectory;
    const BadFilesDisposal::Result disposal
        = BadFilesDisposal(m_context.files, m_journal.databasePath, m_journal.originals)
              .run(disposition, archive, QDateTime::fromSecsSinceEpoch(m_journal.stamp, Qt::UTC));
    m_report.disposition = disposal.finding;
    QList<ReportFile> files{{ReportFile::Kind::Restored, QStringLiteral("db"), m_journal.databasePath, m_journal.backupSha256, {}}};
    for (const QJsonValue &file : disposal.files)
        files.append(ReportFile::disposed(file.toObject()));
    m_report.files = files;
    record.details.insert(QStringLiteral("bad_files"), BadFilesDispositions::name(disposition));
    end(record, disposal.ok ? StepRecord::Outcome::Ok : StepRecord::Outcome::Warning, disposal.finding);
    // The report first: a crash between the two leaves a journal that
    // finishes again, never a restore without its report.
    conclude(RestoreReport::Outcome::Verified, m_report.nextActions);
    return closeJournal();
}

RestoreReport RestoreEngine::closeJournal()
{
    QString error;
    const QString journal = RestoreFileNames::journal(m_journal.databasePath);
    if (m_context.files.exists(journal) && !m_context.files.remove(journal, &error)) {
        RestoreNextAction remove;
        remove.kind = RestoreNextAction::Kind::RemoveJournal;
        remove.path = journal;
        remove.cause = error;
        m_report.nextActions.append(remove);
    }
    return m_report;
}

RestoreReport RestoreEngine::conclude(RestoreReport::Outcome outcome, const QList<RestoreNextAction> &nextActions)
{
    m_report.outcome = outcome;
    m_report.finishedAt = Timestamp::millis(m_context.clock.nowUtc());
    m_report.nextActions = nextActions;
    m_report.saveError.clear();
    if (outcome != RestoreReport::Outcome::Refused && outcome != RestoreReport::Outcome::Declined) {
        QString error;
        if (!saveReport(m_report, &error)) {
            m_report.saveError = error;
            RestoreNextAction keep;
            keep.kind = RestoreNextAction::Kind::KeepOutput;
            keep.cause = error;
            m_report.nextActions.append(keep);
        }
    }
    return m_report;
}

QList<ReportFile> RestoreEngine::filesNow(bool restored)
{
    QList<ReportFile> out;
    const RestoreFileNames names(m_journal.databasePath, m_journal.stamp);
    auto add = [&](ReportFile::Kind kind, const QString &role, const QString &path, const QString &sha) {
        if (m_context.files.exists(path))
            out.append(ReportFile{kind, role, path, sha, {}});
    };
    if (restored)
        add(ReportFile::Kind::Restored, QStringLiteral("db"), names.live(QStringLiteral("db")), m_journal.backupSha256);
    for (const RestoreJournal::Original &original : std::as_const(m_journal.originals)) {
        add(ReportFile::Kind::OriginalAside, original.role, original.aside, original.sha256);
        if (!restored)
            add(ReportFile::Kind::OriginalBack, original.role, original.live, original.sha256);
    }
    if (!restored) {
        for (const QString &role : RestoreFileNames::roles())
            add(ReportFile::Kind::RolledBackCopy, role, names.failed(role), QString());
    }
    return out;
}

} // namespace aegis
