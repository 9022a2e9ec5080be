#include "common/drill/DrillRunner.h"

#include "common/drill/DrillBackupFetcher.h"
#include "common/drill/DrillObserver.h"
#include "common/drill/SyntheticCall.h"
#include "common/drill/ThrowawayGateway.h"
#include "common/restore/HttpGatewayProbe.h"
#include "common/restore/ManualServiceControl.h"
#include "common/restore/PosixFileOperations.h"
#include "common/restore/ProcessCommandRunner.h"
#include "common/restore/RestoreCommand.h"
#include "common/restore/RestoreFileNames.h"
#include "common/restore/RestorePreflight.h"
#include "common/restore/RestoreWording.h"
#include "common/restore/ServedChainCheck.h"
#include "common/restore/SpotCheck.h"
#include "common/restore/VerifiedCopy.h"
#include "common/util/Timestamp.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHostInfo>
#include <QJsonArray>
#include <QSysInfo>
#include <QTemporaryDir>

#include <algorithm>

namespace aegis {

namespace {

struct PreflightMeaning
{
    const char *id;
    DrillCheck::Kind kind;
    DrillFailure failure;
};

// The restore preflight's checks that say something about a backup, and
// what their failure means for a drill; the rest are OtherPreflight.
constexpr PreflightMeaning Meanings[] = {
    {"backup_integrity", DrillCheck::Kind::BackupIntegrity, DrillFailure::BackupDamaged},
    {"manifest", DrillCheck::Kind::Manifest, DrillFailure::ManifestMissing},
    {"sha256", DrillCheck::Kind::BackupSha256, DrillFailure::ManifestMismatch},
    {"schema", DrillCheck::Kind::Schema, DrillFailure::SchemaTooNew},
    {"chains", DrillCheck::Kind::BackupChains, DrillFailure::EvidenceBroken},
    {"space", DrillCheck::Kind::Space, DrillFailure::NoSpace},
};

const QStringList NotAboutTheBackup{QStringLiteral("no_unfinished_restore"), QStringLiteral("paths"),
                                    QStringLiteral("ownership"), QStringLiteral("data_loss")};

QString tailOf(const QString &path, qint64 bytes)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (file.size() > bytes)
        file.seek(file.size() - bytes);
    return QString::fromUtf8(file.readAll()).trimmed();
}

} // namespace

DrillRunner::DrillRunner(DrillOptions options)
    : DrillRunner(std::move(options), Dependencies())
{
}

DrillRunner::DrillRunner(DrillOptions options, Dependencies dependencies)
    : m_options(std::move(options))
    , m_ownFiles(dependencies.files ? nullptr : std::make_unique<PosixFileOperations>())
    , m_ownRunner(dependencies.runner ? nullptr : std::make_unique<ProcessCommandRunner>())
    , m_files(dependencies.files ? dependencies.files : m_ownFiles.get())
    , m_clock(dependencies.clock ? dependencies.clock : &SystemClock::instance())
    , m_runner(dependencies.runner ? dependencies.runner : m_ownRunner.get())
    , m_observer(dependencies.observer)
    , m_probes(dependencies.probe)
{
    if (!m_probes)
        m_probes = [](const GatewayEndpoint &endpoint) { return std::make_unique<HttpGatewayProbe>(endpoint); };
}

DrillRunner::~DrillRunner() = default;

void DrillRunner::check(DrillCheck::Kind kind, bool passed, const QString &expected, const QString &found,
                        const QString &subject, bool warning)
{
    DrillCheck out;
    out.kind = kind;
    out.passed = passed;
    out.expected = expected;
    out.found = found;
    out.subject = subject;
    out.warning = warning;
    m_report.checks.append(out);
}

void DrillRunner::fail(DrillStep step, DrillFailure failure, const QString &detail)
{
    // The first failure is the drill's reason; later ones (a stop that also
    // failed) stay in their steps.
    if (m_report.failure != DrillFailure::None)
        return;
    m_report.failure = failure;
    m_report.failedStep = step;
    m_report.failureDetail = detail;
}

bool DrillRunner::runStep(DrillStep step, const std::function<StepResult()> &body, bool cancellable)
{
    DrillStepRecord record;
    record.step = step;
    record.startedAt = m_clock->nowUtc();
    if (cancellable && m_cancelled) {
        record.outcome = DrillStepRecord::Outcome::Cancelled;
        fail(step, DrillFailure::Cancelled, QStringLiteral("cancelled before this step"));
        m_report.steps.append(record);
        if (m_observer)
            m_observer->stepFinished(record);
        return false;
    }
    if (m_observer)
        m_observer->stepStarted(step);
    const qint64 started = m_clock->monotonicMs();
    StepResult result = body();
    record.durationMs = m_clock->monotonicMs() - started;
    record.detail = result.detail;
    record.evidence = result.evidence;
    // A cancel during a step ends the drill at that step, even when the
    // step's own work had finished: the operator asked to go no further.
    if (cancellable && (m_cancelled || result.failure == DrillFailure::Cancelled)) {
        record.outcome = DrillStepRecord::Outcome::Cancelled;
        fail(step, DrillFailure::Cancelled, result.ok ? QStringLiteral("cancelled") : result.detail);
        result.ok = false;
    } else if (result.ok) {
        record.outcome = result.warning ? DrillStepRecord::Outcome::Warning : DrillStepRecord::Outcome::Passed;
    } else {
        record.outcome = DrillStepRecord::Outcome::Failed;
        fail(step, result.failure, result.detail);
    }
    m_report.steps.append(record);
    if (m_observer)
        m_observer->stepFinished(record);
    return result.ok;
}

void DrillRunner::describeEnvironment()
{
    m_report.host = QHostInfo::localHostName();
    m_report.os = QSysInfo::prettyProductName() + QStringLiteral(" (") + QSysInfo::kernelType() + QLatin1Char(' ')
        + QSysInfo::kernelVersion() + QLatin1Char(')');
    m_report.drillVersion = QStringLiteral(AEGIS_VERSION);
    m_report.qtVersion = QString::fromLatin1(qVersion());
    m_report.productionUrl = m_options.production.baseUrl.toString(QUrl::RemoveUserInfo);
    m_report.source = m_options.backup.kind;
    if (m_options.maxRecoveryPoint)
        m_report.maxRecoveryPointMs = m_options.maxRecoveryPoint->count();
    if (m_options.maxRecoveryTime)
        m_report.maxRecoveryTimeMs = m_options.maxRecoveryTime->count();
}

DrillReport DrillRunner::run()
{
    m_report = DrillReport();
    m_report.startedAt = m_clock->nowUtc();
    describeEnvironment();

    const QString parent = m_options.scratchParent.isEmpty() ? QDir::tempPath() : m_options.scratchParent;
    {
        QTemporaryDir scratch(QDir(parent).filePath(QStringLiteral("aegis-drill-XXXXXX")));
        scratch.setAutoRemove(false);
        if (scratch.isValid())
            m_scratch = scratch.path();
    }
    m_report.scratchDirectory = m_scratch;

    const std::pair<DrillStep, StepResult (DrillRunner::*)()> main[] = {
        {DrillStep::ObtainBackup, &DrillRunner::obtainBackup}, {DrillStep::VerifyBackup, &DrillRunner::verifyBackup},
        {DrillStep::RestoreCopy, &DrillRunner::restoreCopy},   {DrillStep::StartGateway, &DrillRunner::startGateway},
        {DrillStep::WaitReady, &DrillRunner::waitReady},       {DrillStep::SpotCheck, &DrillRunner::spotCheck},
        {DrillStep::VerifyChain, &DrillRunner::verifyChain},   {DrillStep::SyntheticCall, &DrillRunner::syntheticCall},
    };
    if (m_scratch.isEmpty()) {
        runStep(DrillStep::ObtainBackup, [&] {
            return StepResult{false, DrillFailure::NoSpace,
                              QStringLiteral("cannot create a scratch directory in %1").arg(parent), false, {}};
        });
    } else {
        for (const auto &[step, body] : main) {
            if (!runStep(step, [this, body = body] { return (this->*body)(); }))
                break;
        }
    }
    // Never cancelled: a drill leaves nothing behind.
    runStep(DrillStep::StopGateway, [this] { return stopGateway(); }, false);
    runStep(DrillStep::Cleanup, [this] { return cleanup(); }, false);

    for (DrillStep step : DrillSteps::all()) {
        if (!m_report.record(step)) {
            DrillStepRecord skipped;
            skipped.step = step;
            m_report.steps.append(skipped);
        }
    }
    std::sort(m_report.steps.begin(), m_report.steps.end(),
              [](const DrillStepRecord &a, const DrillStepRecord &b) { return a.step < b.step; });

    m_report.outcome = m_report.failure == DrillFailure::None ? DrillReport::Outcome::Passed
        : m_report.failure == DrillFailure::Cancelled         ? DrillReport::Outcome::Cancelled
                                                              : DrillReport::Outcome::Failed;
    applyLimits();
    m_report.finishedAt = m_clock->nowUtc();
    return m_report;
}

void DrillRunner::applyLimits()
{
    if (m_options.maxRecoveryPoint && m_report.recoveryPointMs >= 0) {
        const qint64 limit = m_options.maxRecoveryPoint->count();
        const bool within = m_report.recoveryPointMs <= limit;
        check(DrillCheck::Kind::RecoveryPoint, within, QStringLiteral("<= %1 ms").arg(limit),
              QStringLiteral("%1 ms").arg(m_report.recoveryPointMs));
        if (!within && m_report.passed()) {
            m_report.outcome = DrillReport::Outcome::Failed;
            fail(DrillStep::VerifyBackup, DrillFailure::RecoveryPointExceeded,
                 QStringLiteral("%1 ms > %2 ms").arg(m_report.recoveryPointMs).arg(limit));
        }
    }
    if (m_options.maxRecoveryTime && m_report.passed()) {
        const qint64 limit = m_options.maxRecoveryTime->count();
        const bool within = m_report.recoveryTimeMs >= 0 && m_report.recoveryTimeMs <= limit;
        check(DrillCheck::Kind::RecoveryTime, within, QStringLiteral("<= %1 ms").arg(limit),
              QStringLiteral("%1 ms").arg(m_report.recoveryTimeMs));
        if (!within) {
            m_report.outcome = DrillReport::Outcome::Failed;
            fail(DrillStep::VerifyChain, DrillFailure::RecoveryTimeExceeded,
                 QStringLiteral("%1 ms > %2 ms").arg(m_report.recoveryTimeMs).arg(limit));
        }
    }
}

DrillRunner::StepResult DrillRunner::obtainBackup()
{
    const QString downloads = QDir(m_scratch).filePath(QStringLiteral("backup"));
    QString error;
    if (!m_files->makePath(downloads, &error))
        return {false, DrillFailure::NoSpace, error, false, {}};
    DrillBackupFetcher fetcher(m_options.production, [this] { return bool(m_cancelled); }, m_options.requestTimeoutMs,
                               m_options.downloadTimeoutMs);
    fetcher.setProgress([this](qint64 done, qint64 total) {
        if (m_observer)
            m_observer->stepProgress(DrillStep::ObtainBackup, done, total);
    });
    const DrillBackupFetcher::Result fetched = fetcher.fetch(m_options.backup, downloads, m_clock->nowUtc());
    m_report.backupName = fetched.name;
    m_report.backupPath = fetched.backupPath;
    if (!fetched.ok)
        return {false, fetched.failure, fetched.detail, false, fetched.evidence};
    return {true, DrillFailure::None, QStringLiteral("%1 at %2").arg(fetched.name, fetched.backupPath), false,
            fetched.evidence};
}

DrillRunner::StepResult DrillRunner::verifyBackup()
{
    // The restore's own preflight, aimed at the scratch directory: the same
    // checks an operator's restore would make of this backup.
    const QString database = QDir(m_scratch).filePath(QStringLiteral("restored/aegisagent.db"));
    QString error;
    if (!m_files->makePath(QFileInfo(database).absolutePath(), &error))
        return {false, DrillFailure::NoSpace, error, false, {}};
    RestoreOptions options;
    options.backupPath = m_report.backupPath;
    options.databasePath = database;
    options.gatewayUrl = m_report.productionUrl;
    options.requestTimeoutMs = m_options.requestTimeoutMs;
    options.gatewaySchemaVersion = RestoreCommand::askSchemaVersion(*m_runner, m_options.gatewayBinary, &error);
    // Nothing is stopped or started by a preflight; the control is only named.
    ManualServiceControl noService([](const QString &) {});
    const std::unique_ptr<GatewayProbe> production = m_probes(m_options.production);
    RestoreContext context{*m_files, noService, *production, *m_clock, nullptr};
    m_preflight = RestorePreflight(context, options, [this] { return bool(m_cancelled); }).run();

    const RestorePlan &plan = m_preflight.plan;
    m_report.backupSha256 = plan.backupSha256;
    m_report.backupBytes = plan.backupBytes;
    m_report.backupTakenAt = Timestamp::parse(m_preflight.manifest ? m_preflight.manifest->createdAt : QString());
    if (!m_report.backupTakenAt.isValid())
        m_report.backupTakenAt = Timestamp::parse(plan.backupCreatedAt);
    if (m_report.backupTakenAt.isValid())
        m_report.recoveryPointMs = std::max<qint64>(0, m_report.backupTakenAt.msecsTo(m_report.startedAt));

    StepResult result{true, DrillFailure::None, {}, false, m_preflight.toJson()};
    for (const PreflightCheck &item : m_preflight.checks) {
        // About the scratch directory the preflight was aimed at, not the
        // backup: kept in the step's evidence, not reported as drill checks.
        if (!item.blocks() && NotAboutTheBackup.contains(item.id))
            continue;
        const PreflightMeaning *meaning = nullptr;
        for (const PreflightMeaning &candidate : Meanings) {
            if (item.id == QLatin1String(candidate.id))
                meaning = &candidate;
        }
        const bool passed = !item.blocks();
        const bool warning = item.status == PreflightCheck::Status::Warning;
        if (meaning && meaning->kind == DrillCheck::Kind::BackupSha256) {
            check(meaning->kind, passed, m_preflight.manifest ? m_preflight.manifest->sha256 : QString(),
                  plan.backupSha256, {}, warning);
        } else if (meaning && meaning->kind == DrillCheck::Kind::Schema) {
            check(meaning->kind, passed, QStringLiteral("<= %1").arg(plan.gatewaySchemaVersion),
                  QString::number(plan.backupSchemaVersion), {}, warning);
        } else if (meaning) {
            check(meaning->kind, passed, item.title, item.detail, {}, warning);
        } else {
            check(DrillCheck::Kind::OtherPreflight, passed, item.title, item.detail, item.id, warning);
        }
        if (warning && meaning)
            result.warning = true;
        if (!passed && result.ok) {
            result.ok = false;
            result.failure = meaning ? meaning->failure : DrillFailure::CheckFailed;
            result.detail = item.detail;
        }
    }
    if (m_cancelled)
        return {false, DrillFailure::Cancelled, QStringLiteral("cancelled while checking the backup"), false, result.evidence};
    if (result.ok)
        result.detail = QStringLiteral("%1 check(s) passed; sha256 %2").arg(m_preflight.checks.size()).arg(plan.backupSha256);
    return result;
}

DrillRunner::StepResult DrillRunner::restoreCopy()
{
    // The recovery time runs from here to verified serving.
    m_recoveryStartMs = m_clock->monotonicMs();
    const QString database = QDir(m_scratch).filePath(QStringLiteral("restored/aegisagent.db"));
    const QString temporary = RestoreFileNames(database, m_preflight.plan.stamp).temporary();
    VerifiedCopy copy(
        *m_files,
        [this](qint64 done, qint64 total) {
            if (m_observer)
                m_observer->stepProgress(DrillStep::RestoreCopy, done, total);
        },
        [this] { return bool(m_cancelled); });
    const VerifiedCopy::Result copied = copy.run(m_report.backupPath, temporary, m_preflight.plan.backupSha256, std::nullopt);
    check(DrillCheck::Kind::CopySha256, copied.ok, m_preflight.plan.backupSha256, copied.sha256);
    if (!copied.ok)
        return {false, DrillFailure::CopyFailed, copied.error, false, copied.details};
    QString error;
    if (!m_files->renameNoReplace(temporary, database, &error) || !m_files->syncDirectory(QFileInfo(database).absolutePath(), &error))
        return {false, DrillFailure::CopyFailed, error, false, copied.details};
    return {true, DrillFailure::None, QStringLiteral("copied to %1, sha256 %2 read back from disk").arg(database, copied.sha256),
            false, copied.details};
}

DrillRunner::StepResult DrillRunner::startGateway()
{
    m_gateway = std::make_unique<ThrowawayGateway>(*m_files, *m_clock, m_probes, m_options.gatewayBinary, m_scratch,
                                                   m_options.pollInterval, m_options.requestTimeoutMs);
    QString error;
    const QUrl production = m_options.production.baseUrl;
    const QString productionAddress = QStringLiteral("%1:%2").arg(production.host()).arg(production.port(-1));
    if (!m_gateway->prepare(production, &error)) {
        check(DrillCheck::Kind::ThrowawayAddress, false, QStringLiteral("not %1").arg(productionAddress), QString());
        return {false, DrillFailure::ProductionAddress, error, false, {}};
    }
    m_report.throwawayBind = m_gateway->bind();
    check(DrillCheck::Kind::ThrowawayAddress, true, QStringLiteral("not %1").arg(productionAddress), m_gateway->bind());
    const ServiceControl::Result started = m_gateway->start();
    m_report.throwawayPid = started.pid;
    if (!started.ok)
        return {false, DrillFailure::GatewayDidNotStart, started.detail, false, {}};
    return {true, DrillFailure::None, started.detail, false,
            QJsonObject{{QStringLiteral("bind"), m_gateway->bind()}, {QStringLiteral("pid"), started.pid}}};
}

DrillRunner::StepResult DrillRunner::waitReady()
{
    const GatewayStateWaiter::Outcome ready = m_gateway->waitReady(m_options.readyTimeout, [this] { return bool(m_cancelled); });
    m_report.gatewayVersion = ready.evidence.value(QStringLiteral("health")).toObject().value(QStringLiteral("version")).toString();
    if (ready.reached)
        return {true, DrillFailure::None, RestoreWording::finding(ready.finding), false, ready.evidence};
    if (m_cancelled)
        return {false, DrillFailure::Cancelled, RestoreWording::finding(ready.finding), false, ready.evidence};
    if (m_gateway->exited()) {
        const QString log = tailOf(QDir(m_scratch).filePath(QStringLiteral("gateway.log")), 1500);
        return {false, DrillFailure::GatewayDidNotStart,
                QStringLiteral("the throwaway gateway (process %1) exited: %2").arg(m_gateway->pid()).arg(log), false,
                ready.evidence};
    }
    return {false, DrillFailure::GatewayNotReady, RestoreWording::finding(ready.finding), false, ready.evidence};
}

DrillRunner::StepResult DrillRunner::spotCheck()
{
    const DatabaseSummary &backup = m_preflight.plan.backup;
    SpotCheck::Expected expected;
    expected.agents = backup.agents;
    expected.decisions = backup.decisions;
    expected.receipts = backup.receipts;
    expected.newestDecisionAt = backup.newestDecisionAt;
    expected.databasePath = m_gateway->databasePath();
    const SpotCheck::Result result = SpotCheck(m_gateway->probe(), m_options.requestTimeoutMs).run(expected);
    const QJsonObject counts = result.details.value(QStringLiteral("counts")).toObject();
    const std::pair<DrillCheck::Kind, const char *> rows[] = {{DrillCheck::Kind::Agents, "agents"},
                                                              {DrillCheck::Kind::Decisions, "decisions"},
                                                              {DrillCheck::Kind::Receipts, "receipts"}};
    for (const auto &[kind, name] : rows) {
        const QJsonObject row = counts.value(QLatin1String(name)).toObject();
        const qint64 served = row.value(QStringLiteral("served")).toInteger(-1);
        const qint64 wanted = row.value(QStringLiteral("expected")).toInteger(-1);
        check(kind, served >= 0 && served == wanted, QString::number(wanted), QString::number(served));
    }
    if (!result.passed)
        return {false, DrillFailure::CountsMismatch, RestoreWording::finding(result.finding), false, result.details};
    return {true, DrillFailure::None, RestoreWording::finding(result.finding), false, result.details};
}

DrillRunner::StepResult DrillRunner::verifyChain()
{
    const ServedChainCheck::Result result = ServedChainCheck(m_gateway->probe(), m_options.verifyTimeoutMs).run(m_preflight.plan.backup.heads);
    const QJsonObject range = result.details.value(QStringLiteral("verify_range")).toObject();
    check(DrillCheck::Kind::ServedChain, range.value(QStringLiteral("verified")).toBool(), QStringLiteral("verified"),
          range.value(QStringLiteral("verified")).toBool() ? QStringLiteral("verified")
                                                          : range.value(QStringLiteral("error")).toString(),
          QStringLiteral("all"), result.empty);
    const QJsonObject chains = result.details.value(QStringLiteral("chains")).toObject();
    for (auto it = chains.begin(); it != chains.end(); ++it) {
        const QJsonObject chain = it.value().toObject();
        const QString expected = chain.value(QStringLiteral("expected_head")).toString();
        const QString served = chain.value(QStringLiteral("head")).toString();
        check(DrillCheck::Kind::ServedHead, expected == served,
              QStringLiteral("%1 @ %2").arg(expected).arg(chain.value(QStringLiteral("expected_count")).toInteger()),
              QStringLiteral("%1 @ %2").arg(served).arg(chain.value(QStringLiteral("count")).toInteger()), it.key());
    }
    if (!result.passed)
        return {false, DrillFailure::ServedChainMismatch, RestoreWording::finding(result.finding), false,
                result.details};
    m_report.recoveryTimeMs = m_clock->monotonicMs() - m_recoveryStartMs;
    return {true, DrillFailure::None, RestoreWording::finding(result.finding), result.empty, result.details};
}

DrillRunner::StepResult DrillRunner::syntheticCall()
{
    ThrowawayGateway &gateway = *m_gateway;
    const SyntheticCall::Result result =
        SyntheticCall(gateway.probe(), [&gateway](const QByteArray &token) { return gateway.probeAs(token); },
                      m_options.requestTimeoutMs)
            .run();
    check(DrillCheck::Kind::SyntheticReceipt, result.passed,
          QStringLiteral("seq %1 after %2").arg(result.headSeqBefore + 1).arg(result.headHashBefore),
          QStringLiteral("seq %1 after %2").arg(result.seq).arg(result.prevReceiptHash), QStringLiteral("default"));
    if (!result.passed)
        return {false, DrillFailure::NotWritable, result.detail, false, result.evidence};
    return {true, DrillFailure::None,
            QStringLiteral("receipt %1 at seq %2 extends the chain").arg(result.receiptHash).arg(result.seq), false,
            result.evidence};
}

DrillRunner::StepResult DrillRunner::stopGateway()
{
    if (!m_gateway) {
        check(DrillCheck::Kind::NoProcessLeft, true, QStringLiteral("no process"), QStringLiteral("none was started"));
        return {true, DrillFailure::None, QStringLiteral("no throwaway gateway was started"), false, {}};
    }
    const ThrowawayGateway::Stopped stopped = m_gateway->stop(m_options.stopTimeout);
    const bool gone = stopped.ok && !m_gateway->isRunning();
    check(DrillCheck::Kind::NoProcessLeft, gone, QStringLiteral("no process"),
          gone ? QStringLiteral("process %1 gone").arg(m_gateway->pid())
               : QStringLiteral("process %1 running").arg(m_gateway->pid()));
    return {gone, DrillFailure::StopFailed, stopped.detail, false, stopped.evidence};
}

DrillRunner::StepResult DrillRunner::cleanup()
{
    if (m_scratch.isEmpty()) {
        check(DrillCheck::Kind::NoScratchLeft, true, QStringLiteral("no directory"), QStringLiteral("none was made"));
        return {true, DrillFailure::None, QStringLiteral("no scratch directory was made"), false, {}};
    }
    QDir(m_scratch).removeRecursively();
    const bool gone = !QFileInfo::exists(m_scratch);
    check(DrillCheck::Kind::NoScratchLeft, gone, QStringLiteral("no directory"),
          gone ? QStringLiteral("%1 removed").arg(m_scratch) : QStringLiteral("%1 still there").arg(m_scratch));
    return {gone, DrillFailure::CleanupFailed,
            gone ? QStringLiteral("removed %1").arg(m_scratch) : QStringLiteral("cannot remove %1").arg(m_scratch), false, {}};
}

} // namespace aegis
