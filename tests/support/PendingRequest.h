#pragma once

#include "tests/support/HttpTestClient.h"

#include <QTcpSocket>

#include <memory>
#include <optional>

namespace aegis::test {

// A request sent now and answered later, on a connection of its own: for
// tests that need several requests in flight at once and care in which
// order their answers come.
class PendingRequest
{
public:
    PendingRequest(quint16 port, const QByteArray &method, const QString &path, const QByteArray &bearer,
                   const QByteArray &body = {});

    bool isSent() const { return m_sent; }
    // Whether any of the answer has arrived yet (does not wait).
    bool hasAnswered();
    // Waits for the whole answer.
    HttpTestResponse response(int timeoutMs = 60000);

private:
    std::unique_ptr<QTcpSocket> m_socket;
    bool m_sent = false;
    std::optional<HttpTestResponse> m_response;
};

} // namespace aegis::test
