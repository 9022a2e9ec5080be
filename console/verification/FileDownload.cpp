#include "console/verification/FileDownload.h"

#include "common/client/GatewayReply.h"
#include "console/connection/GatewaySession.h"

namespace aegis::console {

FileDownload::FileDownload(GatewaySession &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
}

FileDownload::~FileDownload()
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
    }
}

QString FileDownload::sha256FromDigestHeader(const QByteArray &header)
{
    // RFC 3230: "sha-256=<base64>", possibly among other algorithms.
    for (const QByteArray &part : header.split(',')) {
        const QByteArray item = part.trimmed();
        const qsizetype equals = item.indexOf('=');
        if (equals <= 0 || item.left(equals).trimmed().toLower() != "sha-256")
            continue;
        const auto decoded = QByteArray::fromBase64Encoding(item.mid(equals + 1).trimmed(),
            QByteArray::AbortOnBase64DecodingErrors);
        if (decoded && decoded.decoded.size() == 32)
            return QString::fromLatin1(decoded.decoded.toHex());
    }
    return QString();
}

void FileDownload::start(const QString &apiPath, const QString &targetFile)
{
    abort();
    m_ok = false;
    m_cancelled = false;
    m_errorText.clear();
    m_detail.clear();
    m_bytes = 0;
    m_sha256.clear();
    m_announced.clear();
    if (m_file.isOpen())
        m_file.close();
    m_file.setFileName(targetFile);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Truncate, QFileDevice::ReadOwner | QFileDevice::WriteOwner)) {
        m_errorText = tr("%1 cannot be written: %2").arg(targetFile, m_file.errorString());
        QMetaObject::invokeMethod(this, &FileDownload::finished, Qt::QueuedConnection);
        return;
    }
    m_reply = m_session.download(apiPath, &m_file, this);
    connect(m_reply, &GatewayReply::progress, this, &FileDownload::progress);
    connect(m_reply, &GatewayReply::finished, this, &FileDownload::onFinished);
}

void FileDownload::abort()
{
    if (m_reply) {
        m_cancelled = true;
        m_reply->abort();
    }
}

void FileDownload::onFinished()
{
    GatewayReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (!m_file.flush() && reply->ok()) {
        m_errorText = tr("%1 cannot be written: %2").arg(m_file.fileName(), m_file.errorString());
        m_file.close();
        Q_EMIT finished();
        return;
    }
    m_file.close();
    m_bytes = reply->receivedBytes();
    m_sha256 = reply->receivedSha256();
    m_announced = sha256FromDigestHeader(reply->header("Digest"));
    m_cancelled = m_cancelled || reply->failure() == GatewayReply::Failure::Cancelled;
    if (!reply->ok()) {
        m_errorText = m_cancelled ? tr("Cancelled.") : reply->errorText();
        m_detail = reply->detail();
    } else {
        m_ok = true;
    }
    Q_EMIT finished();
}

} // namespace aegis::console
