#pragma once

#include "common/backup/BackupManifest.h"
#include "gateway/backup/BackupEntry.h"

#include <QJsonObject>
#include <QMutex>
#include <QSet>
#include <QString>

#include <functional>
#include <optional>

namespace aegis {

class Database;

// Online point-in-time backups and their catalog. A backup is SQLite's
// VACUUM INTO on a connection of its own (readers and writers carry on),
// written under a temporary name, flushed, inspected and hashed; then its
// manifest is written durably, and only then is the copy renamed into place
// without replacing anything. A crash, a kill -9 or a full disk therefore
// never leaves a file under a final name that is not a complete backup with
// its manifest; what it does leave, prepare() removes at the next start.
//
// create(), verify() and list() do file and database work: call them off
// the HTTP thread. create() and verify() run at a lower CPU priority
// (LowPriorityThread): they read the whole database, and the agents'
// authorizations served meanwhile come first. reserve()/release() are the gate that makes two requests
// for one name impossible; they are thread-safe.
class BackupService
{
public:
    struct Outcome
    {
        int status = 200;   // 200, 409, 500 or 507
        QString message;    // for an error
        BackupManifest manifest;
        QString path;
    };

    BackupService(QString directory, Database &database, int binarySchemaVersion, QString gatewayVersion);

    // Creates the directory (mode 0700) and removes what crashed backups
    // left behind: ".<name>.partial" and its journal, the manifest's
    // temporary file, and a manifest whose backup file is missing. Called
    // once at start, under the database lock.
    bool prepare(QString *error, QStringList *removedLeftovers);

    // 0 when `name` may be written now; otherwise 400 or 409 and why.
    int reserve(const QString &name, QString *message);
    void release(const QString &name);

    Outcome create(const QString &name, bool automatic, const std::function<bool()> &cancelled);
    QList<BackupEntry> list() const;
    std::optional<BackupEntry> entry(const QString &name) const;
    // {"restorable", "reasons", "warnings", "checks": {...}}
    QJsonObject verify(const QString &name, const std::function<bool()> &cancelled) const;
    // 204, 404 or 409 (being written), with the reason.
    int remove(const QString &name, QString *message);

    QString directory() const { return m_directory; }
    QString absolutePath(const QString &name) const;

private:
    std::optional<BackupEntry> entryAt(const QString &name) const;
    Outcome createNow(const QString &name, bool automatic, const std::function<bool()> &cancelled);
    QJsonObject verifyNow(const QString &name, const std::function<bool()> &cancelled) const;

    QString m_directory;
    Database &m_database;
    int m_binarySchemaVersion;
    QString m_gatewayVersion;
    mutable QMutex m_mutex;
    QSet<QString> m_inProgress;
};

} // namespace aegis
