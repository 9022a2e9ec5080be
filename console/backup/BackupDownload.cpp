#include "console/backup/BackupDownload.h"

#include "console/util/Format.h"
#include "console/verification/FileDownload.h"

#include <QDir>
#include <QFile>
#include <QUrl>

namespace aegis::console {

BackupDownload::BackupDownload(GatewaySession &session, QObject *parent)
    : QObject(parent)
    , m_download(new FileDownload(session, this))
{
    connect(m_download, &FileDownload::progress, this, &BackupDownload::progress);
    connect(m_download, &FileDownload::finished, this, &BackupDownload::onFinished);
}

bool BackupDownload::isRunning() const
{
    return m_download->isRunning();
}

void BackupDownload::start(const QJsonObject &entry, const QString &folder)
{
    m_entry = entry;
    const QString name = entry.value(QStringLiteral("name")).toString();
    m_target = QDir(folder).filePath(name);
    m_partial = m_target + QStringLiteral(".partial");
    m_download->start(QStringLiteral("/v1/admin/backups/") + QString::fromLatin1(QUrl::toPercentEncoding(name))
            + QStringLiteral("/file"),
        m_partial);
}

void BackupDownload::cancel()
{
    m_download->abort();
}

void BackupDownload::onFinished()
{
    if (!m_download->ok()) {
        QFile::remove(m_partial);
        Q_EMIT finished(false,
            m_download->wasCancelled() ? tr("Download cancelled; nothing was kept.")
                                       : tr("The download failed: %1 Nothing was kept.").arg(m_download->errorText()),
            m_download->detail());
        return;
    }
    const QString received = m_download->receivedSha256();
    const QString announced = m_download->announcedSha256();
    const QString catalog = m_entry.value(QStringLiteral("sha256")).toString();
    const QString detail = tr("received SHA-256  %1\nDigest header     %2\ncatalog SHA-256   %3")
                               .arg(received, announced.isEmpty() ? tr("(none)") : announced,
                                   catalog.isEmpty() ? tr("(none)") : catalog);
    if (!announced.isEmpty() && announced != received) {
        QFile::remove(m_partial);
        Q_EMIT finished(false,
            tr("The downloaded file does not match the gateway's digest: it was damaged on the way. Nothing was "
               "kept; download it again."),
            detail);
        return;
    }
    if (!catalog.isEmpty() && catalog != received) {
        QFile::remove(m_partial);
        Q_EMIT finished(false,
            tr("The backup file on the gateway does not match the SHA-256 its catalog recorded: it changed after "
               "it was taken. Nothing was kept; verify this backup."),
            detail);
        return;
    }
    QFile::remove(m_target);
    if (!QFile::rename(m_partial, m_target)) {
        Q_EMIT finished(false, tr("The download is complete but could not be renamed to %1; it is in %2.")
                                   .arg(m_target, m_partial),
            detail);
        return;
    }
    QString checked;
    if (!announced.isEmpty() && !catalog.isEmpty())
        checked = tr("Its SHA-256 matches the gateway's digest and the catalog.");
    else if (!announced.isEmpty())
        checked = tr("Its SHA-256 matches the gateway's digest.");
    else if (!catalog.isEmpty())
        checked = tr("Its SHA-256 matches the catalog.");
    else
        checked = tr("The gateway announced no digest, so the copy could not be checked.");
    Q_EMIT finished(true, tr("Saved %1 (%2). %3").arg(m_target, Format::bytes(m_download->bytes()), checked), detail);
}

} // namespace aegis::console
