#include "console/restore/RestoreRun.h"

#include "common/restore/HttpGatewayProbe.h"
#include "common/restore/PosixFileOperations.h"
#include "common/restore/ProcessCommandRunner.h"
#include "common/restore/RestoreCommand.h"
#include "common/restore/RestoreEngine.h"
#include "common/restore/RestoreSignals.h"
#include "common/restore/ServiceControlFactory.h"
#include "console/restore/CancellableFileOperations.h"
#include "console/restore/RestoreStepRelay.h"

#include <openssl/crypto.h>

namespace aegis::console {

// Everything the engine holds by reference, built per restore. Built and
// destroyed on the UI thread between calls; used on the restore's thread
// while a call runs.
struct RestoreRun::Machinery
{
    PosixFileOperations posix;
    ProcessCommandRunner processRunner;
    CommandRunner *runner = nullptr;
    std::unique_ptr<CancellableFileOperations> files;
    std::unique_ptr<GatewayProbe> probe;
    std::unique_ptr<aegis::ServiceControl> control;
    std::unique_ptr<RestoreStepRelay> relay;
    std::unique_ptr<RestoreEngine> engine;
    bool manual = false;
};

RestoreRun::RestoreRun(RestoreDependencies dependencies, QObject *parent)
    : QObject(parent)
    , m_dependencies(std::move(dependencies))
    , m_events(new RestoreSignals(this))
    , m_worker(new QObject)
{
    m_thread.setObjectName(QStringLiteral("aegis-restore"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

RestoreRun::~RestoreRun()
{
    m_thread.quit();
    m_thread.wait();
    m_engine = nullptr;
    m_machinery.reset();
}

void RestoreRun::post(std::function<void()> job)
{
    m_busy = true;
    m_cancelRequested = false;
    QMetaObject::invokeMethod(m_worker, [job = std::move(job)] {
        job();
        // OpenSSL keeps an error state per thread; hand it back after each
        // call, as the console's worker pool does.
        OPENSSL_thread_stop();
    }, Qt::QueuedConnection);
}

void RestoreRun::build(const RestoreTarget &target, const ServiceSpec &service, const QString &gatewayUrl)
{
    m_engine = nullptr;
    m_machinery = std::make_unique<Machinery>();
    Machinery &m = *m_machinery;
    FileOperations &real = m_dependencies.files ? *m_dependencies.files : m.posix;
    m.files = std::make_unique<CancellableFileOperations>(real);
    GatewayEndpoint endpoint = target.endpoint;
    endpoint.baseUrl = QUrl(gatewayUrl);
    m.probe = m_dependencies.probe ? m_dependencies.probe(endpoint) : std::make_unique<HttpGatewayProbe>(endpoint);
    m.runner = m_dependencies.runner ? m_dependencies.runner : &m.processRunner;
    // Emitted on the restore's thread; Qt queues it to the page.
    m.control = ServiceControlFactory::create(service, *m.runner, *m.files, [this](const QString &text) { Q_EMIT instruction(text); });
    m.manual = service.kind == aegis::ServiceControl::Kind::Manual;
    m.relay = std::make_unique<RestoreStepRelay>(*m_events, *m.files);
}

void RestoreRun::startEngine(const RestoreOptions &options)
{
    Machinery &m = *m_machinery;
    Clock &clock = m_dependencies.clock ? *m_dependencies.clock : SystemClock::instance();
    RestoreContext context{*m.files, *m.control, *m.probe, clock, m.relay.get()};
    m.engine = std::make_unique<RestoreEngine>(context, options);
    m_engine = m.engine.get();
}

void RestoreRun::preflight(const RestoreTarget &target, const QString &backupPath, const QString &manifestPath,
    const QString &archiveDirectory)
{
    if (m_busy)
        return;
    build(target, target.service, target.gatewayUrl());
    RestoreOptions options;
    options.backupPath = backupPath;
    options.manifestPath = manifestPath;
    options.databasePath = target.databasePath;
    options.service = target.service;
    options.gatewayUrl = target.gatewayUrl();
    options.archiveDirectory = archiveDirectory;
    const QString binary = target.gatewayBinary;
    post([this, options, binary]() mutable {
        Machinery &m = *m_machinery;
        QStringList notes;
        if (!binary.isEmpty()) {
            // As aegis-restore --gateway-binary: the installed binary decides
            // which schema it can open, not the gateway running now.
            QString error;
            options.gatewaySchemaVersion = RestoreCommand::askSchemaVersion(*m.runner, binary, &error);
            if (!options.gatewaySchemaVersion)
                notes << tr("The gateway binary could not tell its schema version (%1); the running gateway was asked "
                            "instead.")
                             .arg(error);
        }
        startEngine(options);
        if (m_cancelRequested)
            m.engine->cancel();
        const PreflightResult result = m.engine->preflight();
        const QString report = m.engine->reportPath();
        QMetaObject::invokeMethod(this, [this, result, notes, report] {
            m_busy = false;
            m_reportPath = report;
            Q_EMIT preflightFinished(result, notes);
        }, Qt::QueuedConnection);
    });
}

// On the engine's thread: hand a finished run's report to the UI thread.
void RestoreRun::deliver(const RestoreReport &report, void (RestoreRun::*finished)(const RestoreReport &))
{
    const QString path = m_machinery->engine->reportPath();
    QMetaObject::invokeMethod(this, [this, report, path, finished] {
        m_busy = false;
        m_reportPath = path;
        Q_EMIT (this->*finished)(report);
    }, Qt::QueuedConnection);
}

void RestoreRun::execute(const PreflightResult &confirmed)
{
    if (m_busy || !m_machinery || !m_machinery->engine)
        return;
    post([this, confirmed] {
        Machinery &m = *m_machinery;
        const RestoreReport report = m.engine->execute(confirmed);
        m.files->reset();
        deliver(report, &RestoreRun::restoreFinished);
    });
}

void RestoreRun::finish(BadFilesDisposition disposition)
{
    if (m_busy || !m_machinery || !m_machinery->engine)
        return;
    post([this, disposition] {
        Machinery &m = *m_machinery;
        m.files->reset();
        const RestoreReport report = m.engine->finish(disposition);
        deliver(report, &RestoreRun::finishFinished);
    });
}

void RestoreRun::resume(const RestoreTarget &target, const RestoreJournal &journal, ResumeAdvice::Choice choice)
{
    if (m_busy)
        return;
    // As aegis-restore --resume: the journal's service control and URL.
    build(target, journal.service, journal.gatewayUrl.isEmpty() ? target.gatewayUrl() : journal.gatewayUrl);
    RestoreOptions options;
    options.databasePath = journal.databasePath;
    options.backupPath = journal.backupPath;
    options.service = journal.service;
    options.gatewayUrl = journal.gatewayUrl;
    options.archiveDirectory = target.backupDirectory;
    post([this, options, journal, choice] {
        Machinery &m = *m_machinery;
        startEngine(options);
        const RestoreReport report = m.engine->resume(journal, choice);
        m.files->reset();
        deliver(report, &RestoreRun::restoreFinished);
    });
}

bool RestoreRun::cancel()
{
    if (!m_busy || !m_machinery)
        return false;
    Machinery &m = *m_machinery;
    const RestoreStep step = m.relay->currentStep();
    if (step == RestoreStep::Rollback || step == RestoreStep::Finish)
        return false;
    m_cancelRequested = true;
    RestoreEngine *engine = m_engine.load();
    if (step == RestoreStep::Preflight) {
        // Nothing is touched yet; this engine is not used again.
        if (engine)
            engine->cancel();
        return true;
    }
    m.files->requestCancel();
    // A person is asked to stop the gateway: the wait for them is the only
    // thing to interrupt, and nothing has moved yet.
    if (m.manual && step == RestoreStep::Stop && engine)
        engine->cancel();
    return true;
}

} // namespace aegis::console
