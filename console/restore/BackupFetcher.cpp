#include "console/restore/BackupFetcher.h"

#include "console/backup/BackupDownload.h"
#include "common/backup/CatalogManifest.h"

#include <QDir>
#include <QFileInfo>
#include <QTimer>

namespace aegis::console {

BackupFetcher::BackupFetcher(GatewaySession &session, QObject *parent)
    : QObject(parent)
    , m_download(new BackupDownload(session, this))
{
    connect(m_download, &BackupDownload::progress, this, &BackupFetcher::progress);
    connect(m_download, &BackupDownload::finished, this, &BackupFetcher::onDownloaded);
}

BackupFetcher::~BackupFetcher() = default;

bool BackupFetcher::isRunning() const
{
    return m_download->isRunning();
}

void BackupFetcher::cancel()
{
    m_download->cancel();
}

void BackupFetcher::keepDownloads()
{
    if (m_directory)
        m_directory->setAutoRemove(false);
}

QString BackupFetcher::downloadDirectory() const
{
    return m_directory ? m_directory->path() : QString();
}

QString BackupFetcher::readableLocally(const QJsonObject &entry, const QString &backupDirectory)
{
    const QString name = entry.value(QStringLiteral("name")).toString();
    const qint64 size = qint64(entry.value(QStringLiteral("size_bytes")).toDouble(-1));
    QStringList candidates;
    if (!backupDirectory.isEmpty() && !name.isEmpty())
        candidates << QDir(backupDirectory).filePath(name);
    // The gateway's own path: relative paths are relative to a working
    // directory this console does not know.
    const QString path = entry.value(QStringLiteral("path")).toString();
    if (QDir::isAbsolutePath(path))
        candidates << path;
    for (const QString &candidate : std::as_const(candidates)) {
        const QFileInfo info(candidate);
        // The same size as the catalog says: another machine's file of the
        // same name is not this backup (the preflight checks its sha256).
        if (info.isFile() && info.isReadable() && (size < 0 || info.size() == size))
            return info.absoluteFilePath();
    }
    return QString();
}

void BackupFetcher::start(const BackupChoice &choice, const QString &backupDirectory)
{
    m_entry = choice.entry;
    if (choice.source == BackupChoice::Source::File) {
        LocalBackup local;
        local.backupPath = QFileInfo(choice.filePath).absoluteFilePath();
        const QString manifest = local.backupPath + QStringLiteral(".manifest.json");
        local.note = QFileInfo::exists(manifest) ? tr("A file on this computer, with its manifest %1.").arg(manifest)
                                                 : tr("A file on this computer, without a manifest beside it.");
        QTimer::singleShot(0, this, [this, local] { Q_EMIT ready(local); });
        return;
    }
    const QString direct = readableLocally(choice.entry, backupDirectory);
    if (!direct.isEmpty()) {
        LocalBackup local;
        local.backupPath = direct;
        local.note = tr("Read directly from %1: this computer can read the gateway's backup directory.")
                         .arg(QFileInfo(direct).absolutePath());
        QTimer::singleShot(0, this, [this, local] { Q_EMIT ready(local); });
        return;
    }
    m_directory = std::make_unique<QTemporaryDir>(QDir(QDir::tempPath()).filePath(QStringLiteral("aegis-restore-XXXXXX")));
    if (!m_directory->isValid()) {
        const QString error = m_directory->errorString();
        m_directory.reset();
        QTimer::singleShot(0, this, [this, error] {
            Q_EMIT failed(tr("No private temporary folder could be made for the download."), error);
        });
        return;
    }
    m_download->start(choice.entry, m_directory->path());
}

void BackupFetcher::onDownloaded(bool ok, const QString &text, const QString &detail)
{
    if (!ok) {
        Q_EMIT failed(text, detail);
        return;
    }
    LocalBackup local;
    local.backupPath = m_download->targetPath();
    local.downloaded = true;
    QString error;
    const auto manifest = CatalogManifest::fromEntry(m_entry, &error);
    if (manifest) {
        local.manifestPath = local.backupPath + QStringLiteral(".manifest.json");
        if (!CatalogManifest::write(*manifest, local.manifestPath, &error)) {
            Q_EMIT failed(tr("The backup was downloaded, but its manifest could not be written beside it."), error);
            return;
        }
        local.note = tr("Downloaded from the gateway into the private folder %1; its SHA-256 matches the gateway's "
                        "digest. Its manifest was written beside it from the gateway's catalog entry (the gateway "
                        "serves no manifest file).")
                         .arg(m_directory->path());
    } else {
        local.note = tr("Downloaded from the gateway into the private folder %1; its SHA-256 matches the gateway's "
                        "digest. The gateway has no manifest for it (%2).")
                         .arg(m_directory->path(), error);
    }
    Q_EMIT ready(local);
}

} // namespace aegis::console
