#pragma once

#include "gateway/logging/LogFormat.h"

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QSslCertificate>
#include <QSslKey>
#include <QString>

#include <chrono>

namespace aegis {

enum class DbSync { Full, Normal };

// Everything the gateway needs to start, after parsing and validation.
// Secrets (the admin token, the signing key, the TLS key) are held here only as given and
// never printed: GatewayConfigLoader's --help and error texts name the
// variable, not the value.
struct GatewayConfig
{
    QString databasePath = QStringLiteral("db/aegisagent.db");
    QString bindText = QStringLiteral("127.0.0.1:8080");
    QHostAddress bindAddress = QHostAddress(QHostAddress::LocalHost);
    quint16 port = 8080;
    QString backupDir = QStringLiteral("backups");

    QByteArray adminToken;          // from AEGIS_ADMIN_TOKEN; empty: use the token file
    QString adminTokenFile;         // empty: admin.token beside the database

    QString tlsCertPath;
    QString tlsKeyPath;
    // Read from the two paths above by GatewayConfigLoader, once: what it
    // checked is what the server uses.
    QList<QSslCertificate> tlsCertificateChain;
    QSslKey tlsKey;
    bool allowPlaintextRemote = false;

    qint64 maxBodyBytes = 1024 * 1024;
    qint64 maxHeaderBytes = 16 * 1024;
    int maxConnections = 512;
    int maxConnectionsPerClient = 0; // 0: a quarter of maxConnections
    std::chrono::milliseconds idleTimeout{30'000};
    std::chrono::milliseconds headerTimeout{10'000};
    std::chrono::milliseconds bodyTimeout{60'000};
    std::chrono::milliseconds shutdownGrace{10'000};

    DbSync dbSync = DbSync::Full;
    std::chrono::milliseconds busyTimeout{5'000};
    int workerThreads = 4;
    qint64 walMaxBytes = 64 * 1024 * 1024;
    int workQueue = 32; // waiting jobs per WorkKind

    QByteArray receiptSigningKey;   // from AEGIS_RECEIPT_SIGNING_KEY(_FILE); empty: unsigned

    std::chrono::milliseconds approvalTtl{15 * 60 * 1000}; // how long a human has to decide

    std::chrono::milliseconds backupInterval{0}; // 0: no scheduled backups
    int backupKeep = 0;                           // 0: keep every automatic backup

    LogFormat logFormat = LogFormat::Text;

    bool tlsEnabled() const { return !tlsCertPath.isEmpty(); }
    QString resolvedAdminTokenFile() const;
    int effectiveMaxConnectionsPerClient() const;
};

} // namespace aegis
