#pragma once

#include "common/client/GatewayReply.h"
#include "console/verification/GatewayVerification.h"

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTemporaryDir>

#include <map>
#include <memory>

namespace aegis::console {

class FileDownload;
class GatewaySession;

// Verifies the live gateway's chains. The verdict is the gateway's own
// (POST /v1/receipts/verify-range: it reads its database, streaming, and
// records the run for the overview). For the receipt table, each tenant's
// chain is then downloaded (GET /v1/receipts/export) and walked by the
// console's verifier, off the UI thread.
class LiveChainVerification : public GatewayVerification
{
    Q_OBJECT

public:
    explicit LiveChainVerification(GatewaySession &session, QObject *parent = nullptr);
    ~LiveChainVerification() override;

    // Empty tenant: every tenant.
    void start(const QString &tenantId);
private:
    void onVerified();
    void downloadNext();
    void checkDownloads();

    QStringList m_pendingTenants;
    std::map<QString, QString> m_files;
    QString m_tenant;
    int m_totalTenants = 0;
};

} // namespace aegis::console
