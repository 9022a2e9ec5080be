#pragma once

#include "gateway/config/GatewayConfig.h"

#include <QElapsedTimer>
#include <QObject>
#include <QSqlDatabase>

#include <atomic>
#include <memory>

namespace aegis {

class AuthorizationRecorder;
class Authenticator;
class BackgroundRunner;
class BackupScheduler;
class BackupService;
class Checkpointer;
class Database;
class DatabaseLock;
class GatewayMetrics;
class GuardedTcpServer;
class HttpServer;
class PolicyStore;
class Router;
class ScopedConnection;
class StatementCache;
class WalCheckpoints;
class WriteQueue;
struct GatewayContext;

// Puts the gateway together: database and migrations, the writer, the HTTP
// layer and the routes; and takes it apart again on shutdown, in the order
// that leaves a single self-contained database file behind.
class GatewayApp : public QObject
{
    Q_OBJECT

public:
    explicit GatewayApp(GatewayConfig config, QObject *parent = nullptr);
    ~GatewayApp() override;

    // Returns 0 when the gateway is serving, or the exit status to end with
    // (the reason has been printed).
    int start();
    quint16 port() const;

    // Stops accepting, lets requests in flight finish (bounded by the grace
    // period), then closes the database. Emits finished() when done.
    void shutdown(const QString &reason);

Q_SIGNALS:
    void finished(int exitCode);

private:
    int openDatabase();
    int startHttp();
    void finishShutdown();

    GatewayConfig m_config;
    std::unique_ptr<DatabaseLock> m_lock; // first taken, last released
    std::unique_ptr<Database> m_database;
    std::unique_ptr<ScopedConnection> m_httpConnection;
    std::unique_ptr<StatementCache> m_httpStatements;
    std::unique_ptr<PolicyStore> m_policies;
    std::unique_ptr<AuthorizationRecorder> m_recorder;
    std::unique_ptr<BackupService> m_backups;
    BackupScheduler *m_scheduler = nullptr;
    std::unique_ptr<WalCheckpoints> m_wal;
    std::unique_ptr<Checkpointer> m_checkpointer;
    std::unique_ptr<WriteQueue> m_writer;
    std::unique_ptr<BackgroundRunner> m_runner;
    std::unique_ptr<Authenticator> m_auth;
    std::unique_ptr<Router> m_router;
    std::unique_ptr<GatewayMetrics> m_metrics;
    std::unique_ptr<GatewayContext> m_context;
    QElapsedTimer m_uptime;
    HttpServer *m_httpServer = nullptr;
    GuardedTcpServer *m_tcpServer = nullptr;
    int m_schemaVersion = 0;
    std::atomic<bool> m_shuttingDown{false};
    QElapsedTimer m_shutdownClock;
    bool m_finishing = false;
};

} // namespace aegis
