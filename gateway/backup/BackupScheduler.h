#pragma once

#include <QObject>
#include <QTimer>

#include <atomic>
#include <chrono>
#include <functional>

namespace aegis {

class BackgroundRunner;
class BackupMetrics;
class BackupService;
class Clock;
class Database;
class WriteQueue;

// Automatic backups (AEGIS_BACKUP_INTERVAL), which the reference gateway
// leaves to cron: aegis-auto-<time>.db on the interval, skipped when nothing
// changed since the last one, and only the newest AEGIS_BACKUP_KEEP
// automatic backups kept. Manual backups and pre-restore databases (kind
// pre-restore, archived by a restore) are never deleted nor counted.
class BackupScheduler : public QObject
{
    Q_OBJECT

public:
    BackupScheduler(BackupService &backups, Database &database, BackgroundRunner &runner, const WriteQueue &writer,
                    BackupMetrics &metrics, const Clock &clock, std::chrono::milliseconds interval, int keep,
                    QObject *parent = nullptr);

    void start();
    // No further backups are started; one already running carries on (it
    // sees the runner's cancellation). Delete the scheduler only once the
    // runner has drained: its work runs on `this`.
    void stop();
    // One round: what the timer does every interval. Public so that a test
    // drives rounds with its own clock instead of waiting for the timer.
    void tick();

private:
    void takeBackup(const std::function<bool()> &cancelled);
    void applyRetention();
    bool unchangedSinceNewestAutomatic() const;

    BackupService &m_backups;
    Database &m_database;
    BackgroundRunner &m_runner;
    const WriteQueue &m_writer;
    BackupMetrics &m_metrics;
    const Clock &m_clock;
    const std::chrono::milliseconds m_interval;
    const int m_keep;
    QTimer m_timer;
    std::atomic<bool> m_running{false};
    // The writer's data-change count at the last automatic backup; until
    // one was taken in this process, the newest one on disk is compared
    // with the database instead.
    std::atomic<qint64> m_changesAtLastBackup{-1};
};

} // namespace aegis
