#pragma once

#include "common/receipts/ExpectedHead.h"
#include "common/restore/GatewayProbe.h"
#include "common/restore/ServedChain.h"
#include "common/restore/StepFinding.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace aegis {

// Step 7: POST /v1/receipts/verify-range (every tenant) passes on the
// restarted gateway, and each tenant's chain head equals the backup's
// manifest head, or extends it when the gateway has already appended
// receipts: then the manifest's head receipt is fetched and must sit at its
// seq with its hash, so the served chain provably contains the backup's.
class ServedChainCheck
{
public:
    struct Result
    {
        bool passed = false;
        bool empty = false; // no receipts anywhere: nothing was proven (shown as such, never as green)
        StepFinding finding;       // ChainsVerified, NoChains, or ChainCheckFailed with each problem a part
        QList<ServedChain> chains; // one per tenant of the backup, each with its verdict
        QJsonObject details; // {"verify_range": {...}, "chains": {tenant: ServedChain::toJson()}}
    };

    ServedChainCheck(GatewayProbe &gateway, int timeoutMs);
    Result run(const ExpectedHeads &expected);

private:
    GatewayProbe &m_gateway;
    int m_timeoutMs;
};

} // namespace aegis
