#include "common/client/GatewayReply.h"

#include <QEventLoop>
#include <QJsonObject>

namespace aegis {

GatewayReply::GatewayReply(QNetworkReply *reply, int timeoutMs, QIODevice *sink, QObject *parent)
    : QObject(parent)
    , m_reply(reply)
    , m_sink(sink)
{
    reply->setParent(this);
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        m_timedOut = true;
        if (m_reply)
            m_reply->abort();
    });
    // The timeout is for silence, not for the whole transfer: a large
    // download that keeps arriving is fine.
    m_timeout.start(timeoutMs);
    connect(reply, &QNetworkReply::readyRead, this, [this, timeoutMs] {
        m_timeout.start(timeoutMs);
        onReadyRead();
    });
    connect(reply, &QNetworkReply::downloadProgress, this, &GatewayReply::progress);
    connect(reply, &QNetworkReply::finished, this, &GatewayReply::onFinished);
}

GatewayReply::~GatewayReply() = default;

QByteArray GatewayReply::header(const QByteArray &name) const
{
    for (const auto &pair : m_headers) {
        if (pair.first.compare(name, Qt::CaseInsensitive) == 0)
            return pair.second;
    }
    return {};
}

void GatewayReply::abort()
{
    m_cancelled = true;
    if (m_reply && !m_finished)
        m_reply->abort();
}

void GatewayReply::waitForFinished()
{
    if (m_finished)
        return;
    QEventLoop loop;
    connect(this, &GatewayReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
}

void GatewayReply::onReadyRead()
{
    const QByteArray chunk = m_reply->readAll();
    m_received += chunk.size();
    const int status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    // Only a successful answer goes to the sink; an error's JSON is kept.
    if (m_sink && status >= 200 && status < 300) {
        m_hash.addData(chunk);
        if (m_sink->write(chunk) != chunk.size()) {
            m_detail = m_sink->errorString();
            m_reply->abort();
        }
    } else {
        m_body += chunk;
    }
}

void GatewayReply::onFinished()
{
    m_timeout.stop();
    if (m_reply->bytesAvailable())
        onReadyRead();
    m_status = m_reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    m_headers = m_reply->rawHeaderPairs();
    m_sha256 = QString::fromLatin1(m_hash.result().toHex());
    classify();
    m_finished = true;
    m_reply->deleteLater();
    Q_EMIT finished();
}

void GatewayReply::classify()
{
    const QString host = m_reply->url().adjusted(QUrl::RemovePath | QUrl::RemoveQuery).toString();
    const QNetworkReply::NetworkError error = m_reply->error();
    if (m_detail.isEmpty())
        m_detail = m_reply->errorString();

    if (m_cancelled) {
        m_failure = Failure::Cancelled;
        m_errorText = tr("Cancelled.");
        return;
    }
    if (m_timedOut) {
        m_failure = Failure::Timeout;
        m_errorText = tr("The gateway at %1 did not answer in time.").arg(host);
        return;
    }
    if (m_status == 0) {
        switch (error) {
        case QNetworkReply::ConnectionRefusedError:
            m_failure = Failure::Refused;
            m_errorText = tr("The gateway at %1 refused the connection. Is it running, and on this address?").arg(host);
            return;
        case QNetworkReply::HostNotFoundError:
            m_failure = Failure::HostNotFound;
            m_errorText = tr("The host of %1 was not found.").arg(host);
            return;
        case QNetworkReply::SslHandshakeFailedError:
            m_failure = Failure::Tls;
            m_errorText = tr("The secure connection to %1 failed: its certificate is not trusted or TLS is "
                             "misconfigured.").arg(host);
            return;
        case QNetworkReply::OperationCanceledError:
        case QNetworkReply::TimeoutError:
            m_failure = Failure::Timeout;
            m_errorText = tr("The gateway at %1 did not answer in time.").arg(host);
            return;
        default:
            m_failure = Failure::Network;
            m_errorText = tr("The connection to %1 failed.").arg(host);
            return;
        }
    }
    if (m_status >= 200 && m_status < 300) {
        if (error != QNetworkReply::NoError) {
            m_failure = Failure::Network;
            m_errorText = tr("The answer from %1 was cut short.").arg(host);
        }
        return;
    }
    const QString message = json().object().value(QStringLiteral("message")).toString();
    m_detail = QStringLiteral("HTTP %1: %2").arg(m_status).arg(message.isEmpty() ? m_detail : message);
    if (m_status == 401) {
        m_failure = Failure::Unauthorized;
        m_errorText = tr("The gateway refused the admin token (401). Check the token of this connection.");
    } else if (m_status == 403) {
        m_failure = Failure::Forbidden;
        m_errorText = tr("This token may not do that (403).");
    } else {
        m_failure = Failure::Http;
        m_errorText = message.isEmpty() ? tr("The gateway answered with status %1.").arg(m_status) : message;
    }
}

} // namespace aegis
