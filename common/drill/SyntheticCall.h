#pragma once

#include "common/restore/GatewayProbe.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <functional>
#include <memory>

namespace aegis {

// Proves the restored gateway is writable, not just readable: a probe agent
// is registered, one read-only tool call is authorized as it, and the new
// receipt must sit right after the chain head seen before (seq + 1, linked
// to its hash); then verify-range must pass with the new receipt as head.
// Runs only against the throwaway gateway, never production.
class SyntheticCall
{
public:
    using AgentProbe = std::function<std::unique_ptr<GatewayProbe>(const QByteArray &agentToken)>;

    struct Result
    {
        bool passed = false;
        QString detail; // the lower layer's account of a failure
        qint64 headSeqBefore = 0;   // 0: the chain was empty
        QString headHashBefore;
        qint64 seq = 0;
        QString prevReceiptHash;
        QString receiptHash;
        QJsonObject evidence;
    };

    SyntheticCall(GatewayProbe &admin, AgentProbe asAgent, int timeoutMs);
    Result run(const QString &tenant = QStringLiteral("default"));

private:
    GatewayProbe &m_admin;
    AgentProbe m_asAgent;
    int m_timeoutMs;
};

} // namespace aegis
