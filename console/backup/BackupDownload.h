#pragma once

#include <QJsonObject>
#include <QObject>

namespace aegis::console {

class FileDownload;
class GatewaySession;

// Downloads a backup into a folder the operator chose: into "<name>.partial"
// first, then, only when its SHA-256 matches the gateway's Digest header
// and the catalog, renamed to its name. A copy that does not match is
// deleted and never looks like a backup.
class BackupDownload : public QObject
{
    Q_OBJECT

public:
    explicit BackupDownload(GatewaySession &session, QObject *parent = nullptr);

    // `entry` is the backup's catalog entry (name, sha256, size_bytes).
    void start(const QJsonObject &entry, const QString &folder);
    void cancel();
    bool isRunning() const;
    QString targetPath() const { return m_target; }

Q_SIGNALS:
    void progress(qint64 received, qint64 total);
    void finished(bool ok, const QString &message, const QString &detail);

private:
    void onFinished();

    FileDownload *m_download;
    QJsonObject m_entry;
    QString m_target;
    QString m_partial;
};

} // namespace aegis::console
