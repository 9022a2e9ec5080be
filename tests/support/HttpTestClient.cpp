#include "tests/support/HttpTestClient.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QTcpSocket>

namespace aegis::test {

QByteArray HttpTestResponse::header(QByteArrayView name) const
{
    for (const auto &h : headers) {
        if (QByteArrayView(h.first).compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QJsonObject HttpTestResponse::json() const
{
    return QJsonDocument::fromJson(body).object();
}

QJsonArray HttpTestResponse::jsonArray() const
{
    return QJsonDocument::fromJson(body).array();
}

HttpTestClient::HttpTestClient(QString host, quint16 port)
    : m_host(std::move(host))
    , m_port(port)
{
}

HttpTestResponse HttpTestClient::get(const QString &path, const QList<QPair<QByteArray, QByteArray>> &headers) const
{
    return send("GET", path, {}, headers);
}

HttpTestResponse HttpTestClient::post(const QString &path, const QByteArray &body,
                                      const QList<QPair<QByteArray, QByteArray>> &headers) const
{
    return send("POST", path, body, headers);
}

HttpTestResponse HttpTestClient::send(const QByteArray &method, const QString &path, const QByteArray &body,
                                      const QList<QPair<QByteArray, QByteArray>> &headers) const
{
    QByteArray request = method + ' ' + path.toUtf8() + " HTTP/1.1\r\nHost: " + m_host.toUtf8() + "\r\n";
    bool hasAuthorization = false;
    for (const auto &h : headers) {
        request += h.first + ": " + h.second + "\r\n";
        if (h.first.compare("authorization", Qt::CaseInsensitive) == 0)
            hasAuthorization = true;
    }
    if (!m_bearer.isEmpty() && !hasAuthorization)
        request += "Authorization: Bearer " + m_bearer + "\r\n";
    if (!body.isEmpty() || method == "POST" || method == "PUT" || method == "PATCH")
        request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    request += "Connection: close\r\n\r\n" + body;
    return raw(request, method == "HEAD");
}

HttpTestResponse HttpTestClient::raw(const QByteArray &bytes, bool headRequest) const
{
    QTcpSocket socket;
    socket.connectToHost(m_host, m_port);
    HttpTestResponse response;
    if (!socket.waitForConnected(m_timeoutMs)) {
        response.error = QStringLiteral("connect: ") + socket.errorString();
        return response;
    }
    socket.write(bytes);
    return readResponse(socket, headRequest, m_timeoutMs);
}

HttpTestResponse HttpTestClient::readResponse(QTcpSocket &socket, bool headRequest, int timeoutMs)
{
    HttpTestResponse response;
    QDeadlineTimer deadline(timeoutMs);
    QByteArray buffer;
    auto fill = [&]() -> bool {
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))))
            return false;
        buffer += socket.readAll();
        return true;
    };

    qsizetype headEnd = -1;
    for (;;) {
        headEnd = buffer.indexOf("\r\n\r\n");
        // A 100 Continue is not the answer.
        if (headEnd >= 0 && buffer.startsWith("HTTP/1.1 100")) {
            buffer.remove(0, headEnd + 4);
            continue;
        }
        if (headEnd >= 0)
            break;
        if (deadline.hasExpired() || !fill()) {
            response.error = QStringLiteral("no complete response head: ") + socket.errorString();
            return response;
        }
    }
    const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    response.status = statusLine.size() > 1 ? statusLine.at(1).toInt() : 0;
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            response.headers.append({lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed()});
    }
    buffer.remove(0, headEnd + 4);
    if (headRequest || response.status == 204 || response.status == 304)
        return response;

    const QByteArray length = response.header("content-length");
    if (!length.isEmpty()) {
        const qsizetype wanted = length.toLongLong();
        while (buffer.size() < wanted) {
            if (deadline.hasExpired() || !fill()) {
                response.error = QStringLiteral("body cut short");
                break;
            }
        }
        response.body = buffer.left(wanted);
        return response;
    }
    if (response.header("transfer-encoding").compare("chunked", Qt::CaseInsensitive) == 0) {
        for (;;) {
            qsizetype lineEnd;
            while ((lineEnd = buffer.indexOf("\r\n")) < 0) {
                if (deadline.hasExpired() || !fill()) {
                    response.error = QStringLiteral("chunked body cut short");
                    return response;
                }
            }
            bool ok = false;
            const qsizetype size = buffer.left(lineEnd).split(';').first().trimmed().toLongLong(&ok, 16);
            if (!ok) {
                response.error = QStringLiteral("bad chunk size");
                return response;
            }
            while (buffer.size() < lineEnd + 2 + size + 2) {
                if (deadline.hasExpired() || !fill()) {
                    response.error = QStringLiteral("chunked body cut short");
                    return response;
                }
            }
            if (size == 0)
                return response;
            response.body += buffer.mid(lineEnd + 2, size);
            buffer.remove(0, lineEnd + 2 + size + 2);
        }
    }
    while (fill())
        ;
    response.body = buffer;
    return response;
}

} // namespace aegis::test
