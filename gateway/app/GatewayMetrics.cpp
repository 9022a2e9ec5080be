#include "gateway/app/GatewayMetrics.h"

namespace aegis {

namespace {

QByteArray escapeLabel(const QString &value)
{
    QByteArray out = value.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return out;
}

} // namespace

void GatewayMetrics::recordRequest(const RequestRecord &record)
{
    const QString route = record.route.isEmpty() ? QStringLiteral("(unmatched)") : record.route;
    QMutexLocker lock(&m_mutex);
    ++m_requests[RouteKey{route, record.method, record.status}];
    Latency &latency = m_latency[route];
    for (std::size_t i = 0; i < Buckets.size(); ++i) {
        if (record.durationMs <= Buckets[i])
            ++latency.counts[i];
    }
    ++latency.total;
    latency.sumMs += record.durationMs;
}

void GatewayMetrics::recordDecision(const QString &decision)
{
    QMutexLocker lock(&m_mutex);
    ++m_decisions[decision];
}

void GatewayMetrics::recordReceipts(quint64 count)
{
    QMutexLocker lock(&m_mutex);
    m_receipts += count;
}

void GatewayMetrics::recordBackup(bool ok, qint64 sizeBytes, qint64 durationMs, qint64 finishedAtSecs)
{
    QMutexLocker lock(&m_mutex);
    if (!ok) {
        ++m_backupsFailed;
        return;
    }
    ++m_backupsTaken;
    m_lastBackupSecs = finishedAtSecs;
    m_lastBackupBytes = sizeBytes;
    m_lastBackupMs = durationMs;
}

void GatewayMetrics::recordChainVerification(bool verified, qint64 finishedAtSecs)
{
    QMutexLocker lock(&m_mutex);
    m_lastChainVerified = verified ? 1 : 0;
    m_lastChainSecs = finishedAtSecs;
}

QByteArray GatewayMetrics::render(qint64 uptimeSecs, int openConnections, const WalCheckpoints::Snapshot &wal) const
{
    QMutexLocker lock(&m_mutex);
    QByteArray out;
    auto metric = [&out](const char *name, const char *type, const char *help) {
        out += QByteArray("# HELP ") + name + ' ' + help + "\n# TYPE " + name + ' ' + type + '\n';
    };

    metric("aegis_uptime_seconds", "gauge", "Seconds since the gateway started.");
    out += "aegis_uptime_seconds " + QByteArray::number(uptimeSecs) + '\n';
    metric("aegis_open_connections", "gauge", "Client connections open now.");
    out += "aegis_open_connections " + QByteArray::number(openConnections) + '\n';

    metric("aegis_http_requests_total", "counter", "HTTP requests answered, by route, method and status.");
    for (auto it = m_requests.cbegin(); it != m_requests.cend(); ++it) {
        out += "aegis_http_requests_total{route=\"" + escapeLabel(it.key().route) + "\",method=\""
            + escapeLabel(QString::fromLatin1(it.key().method)) + "\",status=\"" + QByteArray::number(it.key().status)
            + "\"} " + QByteArray::number(it.value()) + '\n';
    }
    metric("aegis_http_request_duration_ms", "histogram", "Time from request received to answer, by route.");
    for (auto it = m_latency.cbegin(); it != m_latency.cend(); ++it) {
        const QByteArray route = escapeLabel(it.key());
        for (std::size_t i = 0; i < Buckets.size(); ++i) {
            out += "aegis_http_request_duration_ms_bucket{route=\"" + route + "\",le=\""
                + QByteArray::number(Buckets[i]) + "\"} " + QByteArray::number(it.value().counts[i]) + '\n';
        }
        out += "aegis_http_request_duration_ms_bucket{route=\"" + route + "\",le=\"+Inf\"} "
            + QByteArray::number(it.value().total) + '\n';
        out += "aegis_http_request_duration_ms_sum{route=\"" + route + "\"} "
            + QByteArray::number(it.value().sumMs, 'f', 3) + '\n';
        out += "aegis_http_request_duration_ms_count{route=\"" + route + "\"} " + QByteArray::number(it.value().total)
            + '\n';
    }

    metric("aegis_decisions_total", "counter", "Authorization decisions written, by outcome.");
    for (const char *decision : {"allow", "deny", "require_approval"}) {
        out += QByteArray("aegis_decisions_total{decision=\"") + decision + "\"} "
            + QByteArray::number(m_decisions.value(QLatin1String(decision))) + '\n';
    }
    metric("aegis_receipts_appended_total", "counter", "Receipts appended to the chains.");
    out += "aegis_receipts_appended_total " + QByteArray::number(m_receipts) + '\n';

    metric("aegis_backups_total", "counter", "Backups attempted, by result.");
    out += "aegis_backups_total{result=\"ok\"} " + QByteArray::number(m_backupsTaken) + '\n';
    out += "aegis_backups_total{result=\"failed\"} " + QByteArray::number(m_backupsFailed) + '\n';
    metric("aegis_last_backup_timestamp_seconds", "gauge", "Unix time of the last successful backup (0: none).");
    out += "aegis_last_backup_timestamp_seconds " + QByteArray::number(m_lastBackupSecs) + '\n';
    metric("aegis_last_backup_size_bytes", "gauge", "Size of the last successful backup.");
    out += "aegis_last_backup_size_bytes " + QByteArray::number(m_lastBackupBytes) + '\n';
    metric("aegis_last_backup_duration_ms", "gauge", "Duration of the last successful backup.");
    out += "aegis_last_backup_duration_ms " + QByteArray::number(m_lastBackupMs) + '\n';

    metric("aegis_last_chain_verification_ok", "gauge",
           "1 if the last chain verification passed, 0 if it failed, -1 if none ran since start.");
    out += "aegis_last_chain_verification_ok " + QByteArray::number(m_lastChainVerified) + '\n';
    metric("aegis_last_chain_verification_timestamp_seconds", "gauge", "Unix time of the last chain verification.");
    out += "aegis_last_chain_verification_timestamp_seconds " + QByteArray::number(m_lastChainSecs) + '\n';

    metric("aegis_db_wal_bytes", "gauge", "Size of the database's write-ahead log file.");
    out += "aegis_db_wal_bytes " + QByteArray::number(wal.fileBytes) + '\n';
    metric("aegis_db_wal_bound_bytes", "gauge", "AEGIS_WAL_MAX_BYTES: past it the log is reset between write batches.");
    out += "aegis_db_wal_bound_bytes " + QByteArray::number(wal.boundBytes) + '\n';
    metric("aegis_db_wal_written_bytes_total", "counter", "Bytes appended to the write-ahead log since start.");
    out += "aegis_db_wal_written_bytes_total " + QByteArray::number(wal.writtenBytes) + '\n';
    metric("aegis_db_wal_checkpoints_total", "counter",
           "WAL checkpoints done: passive (pages copied, log kept) and restart (log reset).");
    out += "aegis_db_wal_checkpoints_total{mode=\"passive\"} " + QByteArray::number(wal.passive) + '\n';
    out += "aegis_db_wal_checkpoints_total{mode=\"restart\"} " + QByteArray::number(wal.restarts) + '\n';
    metric("aegis_db_wal_restarts_blocked_total", "counter",
           "Log resets a reader kept from finishing (tried again after a pause).");
    out += "aegis_db_wal_restarts_blocked_total " + QByteArray::number(wal.restartsBlocked) + '\n';
    metric("aegis_db_wal_last_restart_duration_seconds", "gauge",
           "How long the writer paused for the last log reset (0: none yet).");
    out += "aegis_db_wal_last_restart_duration_seconds "
        + QByteArray::number(double(wal.lastRestartMicros) / 1e6, 'f', 6) + '\n';
    metric("aegis_db_wal_background_checkpoints", "gauge",
           "1 while the checkpoint thread runs; 0: SQLite's automatic checkpoints run in the writer.");
    out += "aegis_db_wal_background_checkpoints " + QByteArray(wal.background ? "1" : "0") + '\n';
    return out;
}

} // namespace aegis
