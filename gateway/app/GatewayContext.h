#pragma once

#include <QElapsedTimer>

#include <atomic>
#include <functional>

namespace aegis {

struct GatewayConfig;
class AuthorizationRecorder;
class Authenticator;
class BackgroundRunner;
class BackupService;
class Database;
class GatewayMetrics;
class PolicyStore;
class StatementCache;
class WalCheckpoints;
class WriteQueue;

// What route handlers share. Everything here lives as long as the gateway.
// `http` is the HTTP thread's own connection: it must not leave that thread
// (background work opens a ScopedConnection of its own).
struct GatewayContext
{
    const GatewayConfig &config;
    Database &database;
    StatementCache &http;
    WriteQueue &writer;
    BackgroundRunner &runner;
    const Authenticator &auth;
    PolicyStore &policies;
    const AuthorizationRecorder &recorder;
    BackupService &backups;
    const int binarySchemaVersion;
    const std::atomic<bool> &shuttingDown;
    GatewayMetrics &metrics;
    const WalCheckpoints &wal;
    const QElapsedTimer &uptime;
    std::function<int()> openConnections;
};

} // namespace aegis
