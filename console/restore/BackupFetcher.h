#pragma once

#include "console/restore/BackupChoice.h"

#include <QObject>
#include <QTemporaryDir>

#include <memory>

namespace aegis::console {

class BackupDownload;
class GatewaySession;

// Makes the chosen backup a local file the engine can check: a local file
// as it is; a catalog backup straight from the profile's backup directory
// when this computer can read it there, otherwise downloaded from the
// gateway (digest checked) into a private temporary directory, with its
// manifest written beside it from the catalog entry.
class BackupFetcher : public QObject
{
    Q_OBJECT

public:
    explicit BackupFetcher(GatewaySession &session, QObject *parent = nullptr);
    ~BackupFetcher() override;

    void start(const BackupChoice &choice, const QString &backupDirectory);
    void cancel();
    bool isRunning() const;
    // The restore recorded the downloaded copy in its journal: it must
    // outlive this console (a resumed restore may need it).
    void keepDownloads();
    QString downloadDirectory() const;

    // The catalog backup as a local file, when readable where the profile
    // says the backups are (or where the gateway says it is); empty if not.
    static QString readableLocally(const QJsonObject &entry, const QString &backupDirectory);

Q_SIGNALS:
    void progress(qint64 received, qint64 total);
    void ready(const aegis::console::LocalBackup &backup);
    void failed(const QString &text, const QString &detail);

private:
    void onDownloaded(bool ok, const QString &text, const QString &detail);

    BackupDownload *m_download;
    std::unique_ptr<QTemporaryDir> m_directory;
    QJsonObject m_entry;
};

} // namespace aegis::console
