#include "tests/support/PendingRequest.h"

namespace aegis::test {

PendingRequest::PendingRequest(quint16 port, const QByteArray &method, const QString &path, const QByteArray &bearer,
                               const QByteArray &body)
    : m_socket(std::make_unique<QTcpSocket>())
{
    // Taken from the kernel only as the test reads: a client that does not
    // read keeps the server's answer waiting, as a slow client does.
    m_socket->setReadBufferSize(64 * 1024);
    m_socket->connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!m_socket->waitForConnected(30000))
        return;
    QByteArray request = method + ' ' + path.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    if (!bearer.isEmpty())
        request += "Authorization: Bearer " + bearer + "\r\n";
    if (!body.isEmpty() || method == "POST")
        request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    request += "Connection: close\r\n\r\n" + body;
    m_socket->write(request);
    m_sent = m_socket->waitForBytesWritten(30000);
}

bool PendingRequest::hasAnswered()
{
    if (m_response)
        return true;
    m_socket->waitForReadyRead(0);
    return m_socket->bytesAvailable() > 0;
}

HttpTestResponse PendingRequest::response(int timeoutMs)
{
    if (!m_response)
        m_response = HttpTestClient::readResponse(*m_socket, false, timeoutMs);
    return *m_response;
}

} // namespace aegis::test
