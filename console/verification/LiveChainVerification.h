#pragma once

#include "common/client/GatewayReply.h"
#include "console/util/TaskProgress.h"
#include "console/verification/VerificationRun.h"

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
class LiveChainVerification : public QObject
{
    Q_OBJECT

public:
    explicit LiveChainVerification(GatewaySession &session, QObject *parent = nullptr);
    ~LiveChainVerification() override;

    // Empty tenant: every tenant.
    void start(const QString &tenantId);
    void cancel();
    bool isRunning() const { return m_running; }
    TaskProgressPtr progress() const { return m_progress; }

Q_SIGNALS:
    void phase(const QString &text);
    void transfer(qint64 received, qint64 total);
    // The worker's progress is in progress() from now on.
    void checking();
    void finished(aegis::console::VerificationRunPtr run);

private:
    void onVerified();
    void downloadNext();
    void checkDownloads();
    void conclude();

    GatewaySession &m_session;
    std::shared_ptr<VerificationRun> m_run;
    TaskProgressPtr m_progress;
    QPointer<GatewayReply> m_reply;
    FileDownload *m_download = nullptr;
    std::unique_ptr<QTemporaryDir> m_scratch;
    QStringList m_pendingTenants;
    std::map<QString, QString> m_files;
    QString m_tenant;
    int m_totalTenants = 0;
    bool m_running = false;
};

} // namespace aegis::console
