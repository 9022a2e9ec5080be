#pragma once

#include "common/client/GatewayEndpoint.h"
#include "common/restore/GatewayProbe.h"

namespace aegis {

// GatewayProbe over GatewayClient. Blocking: it spins a local event loop on
// the calling thread (the restore runs on a worker thread in the console,
// on the main thread in aegis-restore).
class HttpGatewayProbe : public GatewayProbe
{
public:
    explicit HttpGatewayProbe(GatewayEndpoint endpoint);

    ProbeReply get(const QString &path, int timeoutMs) override;
    ProbeReply post(const QString &path, const QByteArray &json, int timeoutMs) override;
    QString describe() const override;

private:
    GatewayEndpoint m_endpoint;
};

} // namespace aegis
