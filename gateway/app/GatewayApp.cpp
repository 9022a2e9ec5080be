#include "gateway/app/GatewayApp.h"

#include "common/util/Clock.h"
#include "gateway/GatewayLogging.h"
#include "gateway/app/DescriptorBudget.h"
#include "gateway/app/GatewayContext.h"
#include "gateway/app/GatewayMetrics.h"
#include "gateway/auth/AdminTokenStore.h"
#include "gateway/auth/Authenticator.h"
#include "gateway/authz/AuthorizationRecorder.h"
#include "gateway/authz/PolicyStore.h"
#include "gateway/backup/BackupScheduler.h"
#include "gateway/backup/BackupService.h"
#include "gateway/http/BackgroundRunner.h"
#include "gateway/http/ConnectionGuard.h"
#include "gateway/http/GuardedTcpServer.h"
#include "gateway/http/HttpServer.h"
#include "gateway/http/Router.h"
#include "gateway/routes/AgentRoutes.h"
#include "gateway/routes/ApprovalRoutes.h"
#include "gateway/routes/AuthorizeRoutes.h"
#include "gateway/routes/BackupRoutes.h"
#include "gateway/routes/DecisionRoutes.h"
#include "gateway/routes/MetricsRoutes.h"
#include "gateway/routes/PolicyRoutes.h"
#include "gateway/routes/ProbeRoutes.h"
#include "gateway/routes/ReceiptRoutes.h"
#include "gateway/routes/SummaryRoutes.h"
#include "gateway/routes/TenantRoutes.h"
#include "gateway/storage/Checkpointer.h"
#include "gateway/storage/Database.h"
#include "gateway/storage/DatabaseLock.h"
#include "gateway/storage/MigrationRunner.h"
#include "gateway/storage/ScopedConnection.h"
#include "gateway/storage/StatementCache.h"
#include "gateway/storage/WalCheckpoints.h"
#include "gateway/storage/WriteQueue.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QTimer>

#include <cstdio>

namespace aegis {

namespace {

constexpr int ExitDatabaseRefused = 65;
constexpr int ExitUnavailable = 69;
constexpr int ExitInternal = 70;
constexpr int ExitLocked = 75; // EX_TEMPFAIL: another gateway serves this database
constexpr int ExitConfig = 78;

void printError(const QString &message)
{
    std::fprintf(stderr, "aegis-gateway: %s\n", qPrintable(message));
    std::fflush(stderr);
}

HttpLimits limitsFrom(const GatewayConfig &config)
{
    HttpLimits limits;
    limits.maxBodyBytes = config.maxBodyBytes;
    limits.maxHeaderBytes = config.maxHeaderBytes;
    limits.maxConnections = config.maxConnections;
    limits.maxConnectionsPerClient = config.effectiveMaxConnectionsPerClient();
    limits.idleTimeout = config.idleTimeout;
    limits.headerTimeout = config.headerTimeout;
    limits.bodyTimeout = config.bodyTimeout;
    return limits;
}

std::optional<QSslConfiguration> tlsFrom(const GatewayConfig &config)
{
    if (!config.tlsEnabled())
        return std::nullopt;
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setLocalCertificateChain(config.tlsCertificateChain);
    tls.setPrivateKey(config.tlsKey);
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setPeerVerifyMode(QSslSocket::VerifyNone);
    return tls;
}

// Answers still leaving (downloads, exports, or bytes not yet handed to the
// kernel): quitting now would truncate them.
QList<ConnectionGuard *> sendingAnswers(const GuardedTcpServer *server)
{
    QList<ConnectionGuard *> sending;
    if (server) {
        for (ConnectionGuard *guard : server->guards()) {
            if (guard->isSending())
                sending.append(guard);
        }
    }
    return sending;
}

} // namespace

GatewayApp::GatewayApp(GatewayConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
}

GatewayApp::~GatewayApp()
{
    // The HTTP objects go first: nothing may answer once the database is gone.
    delete m_httpServer;
    m_httpServer = nullptr;
    m_tcpServer = nullptr;
    if (m_runner)
        m_runner->shutdown(-1);
    delete m_scheduler;
    m_scheduler = nullptr;
    if (m_writer)
        m_writer->stop();
    if (m_checkpointer)
        m_checkpointer->stop();
}

quint16 GatewayApp::port() const
{
    return m_tcpServer ? m_tcpServer->serverPort() : 0;
}

int GatewayApp::start()
{
    const DescriptorBudget::Outcome descriptors = DescriptorBudget::ensure(m_config.maxConnections, m_config.workerThreads);
    if (!descriptors.fits) {
        printError(descriptors.refusal);
        return ExitConfig;
    }
    if (descriptors.softAfter != descriptors.softBefore)
        qCInfo(lcGateway, "raised the open-file limit from %llu to %llu for %d connections", descriptors.softBefore,
               descriptors.softAfter, m_config.maxConnections);
    if (const int status = openDatabase(); status != 0)
        return status;
    return startHttp();
}

int GatewayApp::openDatabase()
{
    const MigrationSet migrations = MigrationSet::embedded();
    if (const QString problem = migrations.validate(); !problem.isEmpty()) {
        printError(problem);
        return ExitInternal;
    }
    m_schemaVersion = migrations.latestVersion();

    const QFileInfo dbFile(m_config.databasePath);
    if (!QDir().mkpath(dbFile.absolutePath())) {
        printError(QStringLiteral("AEGIS_DB_PATH: cannot create the directory %1").arg(dbFile.absolutePath()));
        return ExitConfig;
    }
    if (dbFile.exists() && !dbFile.isFile()) {
        printError(QStringLiteral("AEGIS_DB_PATH: %1 is not a file").arg(m_config.databasePath));
        return ExitConfig;
    }
    DatabaseLock::Refusal refusal;
    m_lock = DatabaseLock::acquire(m_config.databasePath, &refusal);
    if (!m_lock) {
        printError(refusal.message);
        return ExitLocked;
    }

    m_database = std::make_unique<Database>(
        Database::Options{m_config.databasePath, m_config.dbSync, m_config.busyTimeout});
    m_httpConnection = std::make_unique<ScopedConnection>(*m_database, QStringLiteral("http"));
    if (!m_httpConnection->isOpen()) {
        printError(QStringLiteral("cannot open the database %1: %2")
                       .arg(m_config.databasePath, m_httpConnection->error()));
        return ExitDatabaseRefused;
    }

    const MigrationRunner::Outcome outcome = MigrationRunner::run(m_httpConnection->db(), migrations);
    if (!outcome.ok()) {
        printError(QStringLiteral("refusing to start on %1: %2").arg(m_config.databasePath, outcome.message));
        return ExitDatabaseRefused;
    }
    if (outcome.status == MigrationRunner::Status::Migrated)
        qCInfo(lcGateway, "database migrated from schema %d to %d (%s)", outcome.fromVersion, outcome.toVersion,
               qPrintable(outcome.applied.join(QStringLiteral(", "))));

    m_wal = std::make_unique<WalCheckpoints>(m_config.databasePath, m_config.walMaxBytes, m_config.busyTimeout);
    m_checkpointer = std::make_unique<Checkpointer>(*m_database, *m_wal);
    QString error;
    if (!m_checkpointer->start(&error)) {
        m_checkpointer.reset();
        qCWarning(lcGateway, "no checkpoint thread (%s): the writer runs SQLite's automatic checkpoints instead",
                  qPrintable(error));
    }
    m_writer = std::make_unique<WriteQueue>(*m_database, this);
    m_writer->setWalCheckpoints(m_wal.get());
    if (!m_writer->start(&error)) {
        printError(error);
        return ExitDatabaseRefused;
    }

    QByteArray adminToken = m_config.adminToken;
    if (adminToken.isEmpty()) {
        const QString tokenFile = m_config.resolvedAdminTokenFile();
        const AdminTokenStore::Result stored = AdminTokenStore::loadOrCreate(tokenFile);
        if (!stored.error.isEmpty()) {
            printError(QStringLiteral("AEGIS_ADMIN_TOKEN_FILE: %1").arg(stored.error));
            return ExitConfig;
        }
        adminToken = stored.token;
        qCInfo(lcGateway, "admin token %s %s", stored.generated ? "generated in" : "read from",
               qPrintable(QFileInfo(tokenFile).absoluteFilePath()));
    }
    m_httpStatements = std::make_unique<StatementCache>(m_httpConnection->db());
    m_auth = std::make_unique<Authenticator>(adminToken, [this](const QString &tokenSha256) -> std::optional<Principal> {
        auto query = m_httpStatements->prepared(
            QStringLiteral("SELECT id, tenant_id, status FROM agents WHERE token_sha256 = ?"));
        query->addBindValue(tokenSha256);
        if (!query->exec() || !query->next())
            return std::nullopt;
        Principal principal;
        principal.kind = Principal::Kind::Agent;
        principal.agentId = query->value(0).toString();
        principal.tenantId = query->value(1).toString();
        principal.agentStatus = query->value(2).toString();
        return principal;
    });

    std::optional<Ed25519Signer> signer;
    if (!m_config.receiptSigningKey.isEmpty()) {
        // Validated with the configuration; this cannot fail any more.
        signer = Ed25519Signer::fromKeySpec(QString::fromUtf8(m_config.receiptSigningKey));
        qCInfo(lcGateway, "receipts are signed with Ed25519 key %s (public key %s)",
               qPrintable(signer->keyId().isEmpty() ? QStringLiteral("(no id)") : signer->keyId()),
               qPrintable(signer->publicKeyHex()));
    }
    m_recorder = std::make_unique<AuthorizationRecorder>(std::move(signer));
    m_policies = std::make_unique<PolicyStore>();

    m_backups = std::make_unique<BackupService>(m_config.backupDir, *m_database, m_schemaVersion,
                                                QStringLiteral(AEGIS_VERSION));
    QStringList leftovers;
    if (!m_backups->prepare(&error, &leftovers)) {
        printError(QStringLiteral("AEGIS_BACKUP_DIR: %1").arg(error));
        return ExitConfig;
    }
    for (const QString &leftover : std::as_const(leftovers))
        qCWarning(lcGateway, "removed %s: an unfinished backup left by a crash", qPrintable(leftover));
    return 0;
}

int GatewayApp::startHttp()
{
    m_runner = std::make_unique<BackgroundRunner>(m_config.workerThreads, m_config.workQueue);
    m_router = std::make_unique<Router>();
    m_metrics = std::make_unique<GatewayMetrics>();
    m_uptime.start();
    m_context.reset(new GatewayContext{m_config, *m_database, *m_httpStatements, *m_writer, *m_runner, *m_auth,
                                       *m_policies, *m_recorder, *m_backups, m_schemaVersion, m_shuttingDown, *m_metrics, *m_wal, m_uptime,
                                       [this] { return m_tcpServer ? m_tcpServer->activeConnections() : 0; }});
    ProbeRoutes::registerOn(*m_router, *m_context);
    MetricsRoutes::registerOn(*m_router, *m_context);
    TenantRoutes::registerOn(*m_router, *m_context);
    AgentRoutes::registerOn(*m_router, *m_context);
    PolicyRoutes::registerOn(*m_router, *m_context);
    AuthorizeRoutes::registerOn(*m_router, *m_context);
    ApprovalRoutes::registerOn(*m_router, *m_context);
    DecisionRoutes::registerOn(*m_router, *m_context);
    ReceiptRoutes::registerOn(*m_router, *m_context);
    BackupRoutes::registerOn(*m_router, *m_context);
    SummaryRoutes::registerOn(*m_router, *m_context);
    if (m_config.backupInterval.count() > 0) {
        m_scheduler = new BackupScheduler(*m_backups, *m_database, *m_runner, *m_writer, *m_metrics,
                                          SystemClock::instance(), m_config.backupInterval, m_config.backupKeep, this);
        m_scheduler->start();
    }

    m_httpServer = new HttpServer(*m_router, this);
    m_httpServer->setObserver([metrics = m_metrics.get()](const RequestRecord &record) { metrics->recordRequest(record); });
    m_tcpServer = new GuardedTcpServer(limitsFrom(m_config), tlsFrom(m_config));
    m_tcpServer->setHttpServer(m_httpServer);
    if (!m_tcpServer->listen(m_config.bindAddress, m_config.port)) {
        printError(QStringLiteral("AEGIS_BIND: cannot listen on %1: %2").arg(m_config.bindText, m_tcpServer->errorString()));
        delete m_tcpServer;
        m_tcpServer = nullptr;
        return ExitUnavailable;
    }
    m_httpServer->bind(m_tcpServer);

    const QString scheme = m_config.tlsEnabled() ? QStringLiteral("https") : QStringLiteral("http");
    QString host = m_tcpServer->serverAddress().toString();
    if (m_tcpServer->serverAddress().protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    // One line on stdout that scripts and tests can rely on.
    announceOnStdout(QStringLiteral("aegis-gateway %1 listening on %2://%3:%4 (database %5, schema %6)")
                         .arg(QStringLiteral(AEGIS_VERSION), scheme, host, QString::number(port()),
                              QFileInfo(m_config.databasePath).absoluteFilePath(), QString::number(m_schemaVersion)));
    return 0;
}

void GatewayApp::shutdown(const QString &reason)
{
    if (m_shuttingDown.exchange(true)) {
        qCInfo(lcGateway, "%s again while stopping: not waiting for requests in flight any longer", qPrintable(reason));
        finishShutdown();
        return;
    }
    qCInfo(lcGateway, "%s: stopping; requests in flight get up to %lld ms", qPrintable(reason),
           static_cast<long long>(m_config.shutdownGrace.count()));
    m_shutdownClock.start();
    // Not deleted yet: a backup it started may still run on a worker, and
    // that work uses the scheduler. It goes once the runner has drained.
    if (m_scheduler)
        m_scheduler->stop();
    if (m_tcpServer) {
        m_tcpServer->pauseAccepting();
        m_tcpServer->close();
        for (ConnectionGuard *guard : m_tcpServer->guards())
            guard->closeWhenIdle();
    }

    auto *poll = new QTimer(this);
    poll->setInterval(20);
    connect(poll, &QTimer::timeout, this, [this, poll] {
        const bool drained = (!m_httpServer || m_httpServer->inFlight() == 0) && (!m_runner || m_runner->active() == 0)
            && sendingAnswers(m_tcpServer).isEmpty();
        if (drained || m_shutdownClock.elapsed() >= m_config.shutdownGrace.count()) {
            poll->stop();
            poll->deleteLater();
            finishShutdown();
        }
    });
    poll->start();
}

void GatewayApp::finishShutdown()
{
    if (m_finishing)
        return;
    m_finishing = true;

    // Past the grace period an answer still being sent is cut before the
    // database closes under it; the client sees it truncated.
    const QList<ConnectionGuard *> unfinished = sendingAnswers(m_tcpServer);
    for (ConnectionGuard *guard : unfinished)
        guard->cutAnswer();
    if (!unfinished.isEmpty())
        qCWarning(lcGateway, "cut %lld answer(s) still being sent after %lld ms", static_cast<long long>(unfinished.size()),
                  static_cast<long long>(m_shutdownClock.elapsed()));

    // Work still running past the grace period is interrupted inside SQLite
    // rather than waited for without bound.
    if (m_runner && !m_runner->shutdown(500)) {
        qCInfo(lcGateway, "background work still running after the grace period: interrupting it and waiting for it");
        m_database->interruptAll();
        m_runner->shutdown(-1);
    }
    delete m_scheduler;
    m_scheduler = nullptr;
    if (m_writer)
        m_writer->stop();
    if (m_checkpointer)
        m_checkpointer->stop();

    // The final report says what was measured: whether the checkpoint
    // completed, whether a -wal file is left and how big, and how many of
    // our own connections are still open. Who else might hold the database
    // is not known here.
    bool checkpointed = false;
    QString checkpointProblem = QStringLiteral("not run (no connection)");
    if (m_httpConnection && m_httpConnection->isOpen()) {
        QSqlQuery query(m_httpConnection->db());
        if (!query.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")) || !query.next())
            checkpointProblem = QStringLiteral("failed (%1)").arg(query.lastError().text());
        else if (query.value(0).toInt() != 0)
            checkpointProblem = QStringLiteral("blocked by a reader or writer (%1 of %2 WAL frames copied)")
                                    .arg(query.value(2).toLongLong())
                                    .arg(query.value(1).toLongLong());
        else
            checkpointed = true;
    }
    m_context.reset();
    m_httpStatements.reset();
    m_httpConnection.reset();
    const QFileInfo wal(m_config.databasePath + QStringLiteral("-wal"));
    const int stillOpen = m_database ? m_database->openConnections() : 0;
    if (!wal.exists() && checkpointed && stillOpen == 0) {
        qCInfo(lcGateway, "stopped; the database is a single self-contained file");
    } else {
        const QString walState = wal.exists() ? QStringLiteral("%1 remains (%2 bytes)").arg(wal.fileName()).arg(wal.size())
                                              : QStringLiteral("no -wal file remains");
        qCWarning(lcGateway, "stopped; %s; final checkpoint %s; %d connection(s) of this gateway still open",
                  qPrintable(walState), checkpointed ? "complete" : qPrintable(checkpointProblem), stillOpen);
    }
    Q_EMIT finished(0);
}

} // namespace aegis
