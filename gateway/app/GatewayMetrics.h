#pragma once

#include "gateway/backup/BackupMetrics.h"
#include "gateway/http/HttpExchange.h"
#include "gateway/storage/WalCheckpoints.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <array>
#include <atomic>

namespace aegis {

// Counters for GET /metrics in the Prometheus text format. Requests are
// counted by route pattern (never by raw path, which would let clients
// create unbounded label values) and status.
class GatewayMetrics : public BackupMetrics
{
public:
    void recordRequest(const RequestRecord &record);

    void recordDecision(const QString &decision);
    void recordReceipts(quint64 count);
    void recordBackup(bool ok, qint64 sizeBytes, qint64 durationMs, qint64 finishedAtSecs) override;
    void recordChainVerification(bool verified, qint64 finishedAtSecs);

    QByteArray render(qint64 uptimeSecs, int openConnections, const WalCheckpoints::Snapshot &wal) const;

private:
    struct RouteKey
    {
        QString route;
        QByteArray method;
        int status;
        friend bool operator==(const RouteKey &, const RouteKey &) = default;
        friend size_t qHash(const RouteKey &key, size_t seed) { return qHashMulti(seed, key.route, key.method, key.status); }
    };
    static constexpr std::array<double, 10> Buckets = {1, 2.5, 5, 10, 25, 50, 100, 250, 1000, 5000};
    struct Latency
    {
        std::array<quint64, Buckets.size()> counts{};
        quint64 total = 0;
        double sumMs = 0;
    };

    mutable QMutex m_mutex;
    QHash<RouteKey, quint64> m_requests;
    QHash<QString, Latency> m_latency;
    QHash<QString, quint64> m_decisions;
    quint64 m_receipts = 0;
    quint64 m_backupsTaken = 0;
    quint64 m_backupsFailed = 0;
    qint64 m_lastBackupSecs = 0;
    qint64 m_lastBackupBytes = 0;
    qint64 m_lastBackupMs = 0;
    int m_lastChainVerified = -1; // -1: never verified
    qint64 m_lastChainSecs = 0;
};

} // namespace aegis
