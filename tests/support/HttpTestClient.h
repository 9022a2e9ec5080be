#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

class QTcpSocket;

namespace aegis::test {

struct HttpTestResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QString error; // transport error; empty when a response was read

    QByteArray header(QByteArrayView name) const;
    QJsonObject json() const;
    QJsonArray jsonArray() const;
};

// A deliberately plain HTTP/1.1 client over QTcpSocket's blocking API: one
// connection per request (Connection: close) unless told otherwise, so that
// tests see exactly what the gateway writes, framing included.
class HttpTestClient
{
public:
    HttpTestClient(QString host, quint16 port);

    void setBearer(const QByteArray &token) { m_bearer = token; }
    void setTimeoutMs(int timeoutMs) { m_timeoutMs = timeoutMs; }

    HttpTestResponse get(const QString &path, const QList<QPair<QByteArray, QByteArray>> &headers = {}) const;
    HttpTestResponse post(const QString &path, const QByteArray &body,
                          const QList<QPair<QByteArray, QByteArray>> &headers = {}) const;
    HttpTestResponse send(const QByteArray &method, const QString &path, const QByteArray &body = {},
                          const QList<QPair<QByteArray, QByteArray>> &headers = {}) const;

    // Sends `bytes` as they are and reads one response.
    HttpTestResponse raw(const QByteArray &bytes, bool headRequest = false) const;

    // Reads one response from a connected socket (for keep-alive tests).
    static HttpTestResponse readResponse(QTcpSocket &socket, bool headRequest, int timeoutMs);

private:
    QString m_host;
    quint16 m_port;
    QByteArray m_bearer;
    int m_timeoutMs = 30000;
};

} // namespace aegis::test
