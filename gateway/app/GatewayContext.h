#pragma once

#include <QSqlDatabase>

#include <atomic>

namespace aegis {

struct GatewayConfig;
class Authenticator;
class BackgroundRunner;
class Database;
class WriteQueue;

// What route handlers share. Everything here lives as long as the gateway;
// `httpDb` is the HTTP thread's own connection and must not leave it.
struct GatewayContext
{
    const GatewayConfig &config;
    Database &database;
    QSqlDatabase &httpDb;
    WriteQueue &writer;
    BackgroundRunner &runner;
    const Authenticator &auth;
    const int binarySchemaVersion;
    const std::atomic<bool> &shuttingDown;
};

} // namespace aegis
