#include "gateway/backup/BackupScheduler.h"

#include "common/backup/BackupName.h"
#include "common/db/DatabaseInspector.h"
#include "common/util/Clock.h"
#include "gateway/GatewayLogging.h"
#include "gateway/backup/BackupMetrics.h"
#include "gateway/backup/BackupService.h"
#include "gateway/http/BackgroundRunner.h"
#include "gateway/storage/ScopedConnection.h"
#include "gateway/storage/WriteQueue.h"

#include <QDateTime>

namespace aegis {

namespace {

// The same state as the newest automatic backup: evidence and
// configuration alike (a policy change is worth a backup too).
bool sameAsBackup(const DatabaseSummary &live, const BackupManifest &manifest)
{
    return !manifest.stateFingerprint.isEmpty() && live.stateFingerprint == manifest.stateFingerprint
        && live.heads == manifest.tenants;
}

} // namespace

BackupScheduler::BackupScheduler(BackupService &backups, Database &database, BackgroundRunner &runner,
                                 const WriteQueue &writer, BackupMetrics &metrics, const Clock &clock,
                                 std::chrono::milliseconds interval, int keep, QObject *parent)
    : QObject(parent)
    , m_backups(backups)
    , m_database(database)
    , m_runner(runner)
    , m_writer(writer)
    , m_metrics(metrics)
    , m_clock(clock)
    , m_interval(interval)
    , m_keep(keep)
{
    m_timer.setTimerType(Qt::VeryCoarseTimer);
    connect(&m_timer, &QTimer::timeout, this, &BackupScheduler::tick);
}

void BackupScheduler::start()
{
    qCInfo(lcBackup, "automatic backups every %lld s%s", static_cast<long long>(m_interval.count() / 1000),
           m_keep > 0 ? qPrintable(QStringLiteral(", keeping the newest %1").arg(m_keep)) : "");
    m_timer.start(m_interval);
}

void BackupScheduler::tick()
{
    if (m_running.exchange(true)) {
        qCInfo(lcBackup, "the previous automatic backup is still running; skipping this one");
        return;
    }
    const bool admitted = m_runner.run(WorkKind::Backup, [this](const CancellationToken &cancel) {
        takeBackup(cancel.asFunction());
        m_running.store(false);
    });
    if (!admitted) {
        m_running.store(false);
        qCWarning(lcBackup, "automatic backup skipped: too many backups are waiting for a worker");
    }
}

void BackupScheduler::stop()
{
    m_timer.stop();
}

void BackupScheduler::takeBackup(const std::function<bool()> &cancelled)
{
    // Read before the copy: a write that lands during it counts as a change
    // next time, and the comparison below then finds it already copied.
    const qint64 changes = qint64(m_writer.dataChangeCount());
    if (m_changesAtLastBackup.load() == changes || unchangedSinceNewestAutomatic()) {
        qCInfo(lcBackup, "nothing changed since the last automatic backup; skipped");
        m_changesAtLastBackup.store(changes);
        return;
    }

    const QString name = BackupName::automatic(m_clock.nowUtc());
    QString message;
    if (m_backups.reserve(name, &message) != 0) {
        qCWarning(lcBackup, "automatic backup skipped: %s", qPrintable(message));
        return;
    }
    const BackupService::Outcome outcome = m_backups.create(name, true, cancelled);
    m_backups.release(name);
    if (outcome.status != 200 && cancelled && cancelled()) {
        qCInfo(lcBackup, "automatic backup %s stopped: the gateway is shutting down", qPrintable(name));
        return;
    }
    m_metrics.recordBackup(outcome.status == 200, outcome.manifest.sizeBytes, outcome.manifest.durationMs,
                           m_clock.nowUtc().toSecsSinceEpoch());
    if (outcome.status != 200)
        return;
    m_changesAtLastBackup.store(changes);
    applyRetention();
}

bool BackupScheduler::unchangedSinceNewestAutomatic() const
{
    for (const BackupEntry &entry : m_backups.list()) { // newest first
        if (entry.kind() != BackupKind::Automatic)
            continue;
        if (!entry.manifest)
            return false;
        ScopedConnection connection(m_database, QStringLiteral("scheduler"));
        QString error;
        const auto live = connection.isOpen()
                              ? DatabaseInspector::inspect(connection.db(), DatabaseInspector::Check::None, &error)
                              : std::nullopt;
        return live && sameAsBackup(*live, *entry.manifest);
    }
    return false;
}

void BackupScheduler::applyRetention()
{
    if (m_keep <= 0)
        return;
    int kept = 0;
    for (const BackupEntry &entry : m_backups.list()) { // newest first
        // Only automatic backups are the scheduler's: manual backups and
        // pre-restore databases are the operator's to delete.
        if (entry.kind() != BackupKind::Automatic)
            continue;
        if (++kept <= m_keep)
            continue;
        QString message;
        if (m_backups.remove(entry.name, &message) == 204)
            qCInfo(lcBackup, "retention: deleted automatic backup %s", qPrintable(entry.name));
        else
            qCWarning(lcBackup, "retention: cannot delete %s: %s", qPrintable(entry.name), qPrintable(message));
    }
}

} // namespace aegis
