#pragma once

#include "common/client/GatewayReply.h"
#include <QFile>
#include <QObject>
#include <QPointer>

namespace aegis::console {

class GatewaySession;

// Streams one gateway answer into a file, with progress, and keeps what is
// needed to trust it afterwards: the SHA-256 of the bytes received and the
// one the gateway announced in its Digest header.
class FileDownload : public QObject
{
    Q_OBJECT

public:
    explicit FileDownload(GatewaySession &session, QObject *parent = nullptr);
    ~FileDownload() override;

    // Creates (or truncates) targetFile; it is closed when finished.
    void start(const QString &apiPath, const QString &targetFile);
    void abort();
    bool isRunning() const { return m_reply != nullptr; }

    bool ok() const { return m_ok; }
    bool wasCancelled() const { return m_cancelled; }
    QString errorText() const { return m_errorText; }
    QString detail() const { return m_detail; }
    qint64 bytes() const { return m_bytes; }
    QString receivedSha256() const { return m_sha256; }
    // From "Digest: sha-256=<base64>", as hex; empty when not announced.
    QString announcedSha256() const { return m_announced; }
    QString targetFile() const { return m_file.fileName(); }

    static QString sha256FromDigestHeader(const QByteArray &header);

Q_SIGNALS:
    void progress(qint64 received, qint64 total);
    void finished();

private:
    void onFinished();

    GatewaySession &m_session;
    QFile m_file;
    QPointer<GatewayReply> m_reply;
    bool m_ok = false;
    bool m_cancelled = false;
    QString m_errorText;
    QString m_detail;
    qint64 m_bytes = 0;
    QString m_sha256;
    QString m_announced;
};

} // namespace aegis::console
