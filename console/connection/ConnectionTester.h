#pragma once

#include "common/client/GatewayClient.h"
#include "console/util/StatusColors.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace aegis::console {

// Tries a gateway address and token before they are saved: is anything
// there (GET /health), and does it accept the token (GET /v1/tenants)?
// Says what it found in words.
class ConnectionTester : public QObject
{
    Q_OBJECT

public:
    struct Result
    {
        bool reachable = false;
        bool authorized = false;
        // A gateway answered and refused the token (401): the caller knows
        // where the token came from and says so.
        bool tokenRefused = false;
        StatusColors::Status status = StatusColors::Status::Neutral;
        QString message;
        QString detail;
        QString version;
    };

    explicit ConnectionTester(QObject *parent = nullptr);
    ~ConnectionTester() override;

    void test(const GatewayEndpoint &endpoint);
    void cancel();
    bool isRunning() const { return m_reply != nullptr; }

Q_SIGNALS:
    void finished(const aegis::console::ConnectionTester::Result &result);

private:
    void onHealth();
    void onTenants();
    void conclude(const Result &result);

    std::unique_ptr<GatewayClient> m_client;
    QPointer<GatewayReply> m_reply;
    QString m_version;
};

} // namespace aegis::console
