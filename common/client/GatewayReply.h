#pragma once

#include <QByteArray>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

class QIODevice;

namespace aegis {

// One request to the gateway, finished or not. Failures are classified so
// that a person can be told in words what went wrong ("the gateway refused
// the connection — is it running?") with the technical detail one click away.
class GatewayReply : public QObject
{
    Q_OBJECT

public:
    enum class Failure {
        None,
        Refused,       // nothing listens there
        HostNotFound,
        Timeout,
        Tls,           // handshake or certificate
        Network,       // any other transport error
        Unauthorized,  // 401: token missing or wrong
        Forbidden,     // 403
        Http,          // another 4xx/5xx with the gateway's error message
        Cancelled,
    };
    Q_ENUM(Failure)

    GatewayReply(QNetworkReply *reply, int timeoutMs, QIODevice *sink, QObject *parent = nullptr);
    ~GatewayReply() override;

    bool isFinished() const { return m_finished; }
    bool ok() const { return m_finished && m_failure == Failure::None; }
    int status() const { return m_status; }
    QByteArray body() const { return m_body; }
    QJsonDocument json() const { return QJsonDocument::fromJson(m_body); }
    QByteArray header(const QByteArray &name) const;
    Failure failure() const { return m_failure; }
    // What went wrong, for people.
    QString errorText() const { return m_errorText; }
    // The technical detail (Qt's error string, the HTTP status line).
    QString detail() const { return m_detail; }
    // SHA-256 (hex) of the body as received, for downloads streamed to a sink.
    QString receivedSha256() const { return m_sha256; }
    qint64 receivedBytes() const { return m_received; }

    void abort();
    // Spins a local event loop until finished; for worker threads only.
    void waitForFinished();

Q_SIGNALS:
    void finished();
    void progress(qint64 received, qint64 total);

private:
    void onReadyRead();
    void onFinished();
    void classify();

    QPointer<QNetworkReply> m_reply;
    QPointer<QIODevice> m_sink;
    QTimer m_timeout;
    QCryptographicHash m_hash{QCryptographicHash::Sha256};
    bool m_finished = false;
    bool m_timedOut = false;
    bool m_cancelled = false;
    int m_status = 0;
    QByteArray m_body;
    QList<QNetworkReply::RawHeaderPair> m_headers;
    Failure m_failure = Failure::None;
    QString m_errorText;
    QString m_detail;
    QString m_sha256;
    qint64 m_received = 0;
};

} // namespace aegis
