#include "console/verification/LiveChainVerification.h"

#include "common/client/GatewayReply.h"
#include "common/receipts/LocalChainCheck.h"
#include "console/connection/GatewaySession.h"
#include "console/util/BackgroundTask.h"
#include "console/verification/FailureExplainer.h"
#include "console/verification/FileDownload.h"

#include <QDir>
#include <QJsonObject>
#include <QUrl>

namespace aegis::console {

LiveChainVerification::LiveChainVerification(GatewaySession &session, QObject *parent)
    : GatewayVerification(session, parent)
{
}

LiveChainVerification::~LiveChainVerification() = default;

void LiveChainVerification::start(const QString &tenantId)
{
    beginRun(VerificationRun::Source::Live,
             tenantId.isEmpty()
                 ? tr("the live gateway at %1, all tenants").arg(m_session.profile().url.toString())
                 : tr("the live gateway at %1, tenant %2").arg(m_session.profile().url.toString(), tenantId),
             tr("the gateway (POST /v1/receipts/verify-range, on its own database); receipt table "
                "from each chain's export, checked by this console"));
    m_tenant = tenantId;
    m_files.clear();

    Q_EMIT phase(tr("The gateway is verifying its stored chains…"));
    QJsonObject body;
    if (!tenantId.isEmpty())
        body.insert(QStringLiteral("tenant_id"), tenantId);
    m_reply = m_session.post(QStringLiteral("/v1/receipts/verify-range"), GatewaySession::jsonBody(body), this);
    connect(m_reply, &GatewayReply::finished, this, &LiveChainVerification::onVerified);
}

void LiveChainVerification::onVerified()
{
    GatewayReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (!reply->ok()) {
        m_run->error = tr("The gateway could not verify its chains: %1").arg(reply->errorText());
        m_run->errorDetail = reply->detail();
        m_running = false;
        conclude();
        return;
    }
    QString why;
    m_run->result = ChainResult::fromJson(reply->json().object(), &why);
    if (!m_run->result) {
        m_run->error = tr("The gateway's answer could not be read.");
        m_run->errorDetail = why;
        m_running = false;
        conclude();
        return;
    }
    m_pendingTenants.clear();
    for (const ChainResult::Tenant &tenant : m_run->result->tenants()) {
        if (tenant.count > 0)
            m_pendingTenants.append(tenant.id);
    }
    m_totalTenants = int(m_pendingTenants.size());
    m_scratch = std::make_unique<QTemporaryDir>();
    if (!m_scratch->isValid()) {
        m_run->notes << tr("The receipt table is not shown: no temporary directory (%1).").arg(m_scratch->errorString());
        m_running = false;
        conclude();
        return;
    }
    downloadNext();
}

void LiveChainVerification::downloadNext()
{
    if (m_pendingTenants.isEmpty()) {
        checkDownloads();
        return;
    }
    const QString tenant = m_pendingTenants.takeFirst();
    const int number = m_totalTenants - int(m_pendingTenants.size());
    Q_EMIT phase(tr("Downloading the receipts of tenant %1 (%2 of %3) for the table…").arg(tenant).arg(number).arg(m_totalTenants));
    const QString file = m_scratch->filePath(QStringLiteral("export-%1.json").arg(number));
    m_files[tenant] = file;
    if (!m_download)
        m_download = new FileDownload(m_session, this);
    m_download->disconnect(this, nullptr);
    connect(m_download, &FileDownload::progress, this, &LiveChainVerification::transfer);
    connect(m_download, &FileDownload::finished, this, [this, tenant] {
        if (!m_download->ok()) {
            m_run->notes << tr("The receipt table is not shown: the chain of tenant %1 could not be downloaded (%2). "
                               "The verdict above is the gateway's.")
                                .arg(tenant, m_download->errorText());
            m_running = false;
            conclude();
            return;
        }
        downloadNext();
    });
    m_download->start(QStringLiteral("/v1/receipts/export?tenant_id=")
            + QString::fromLatin1(QUrl::toPercentEncoding(tenant)),
        file);
}

void LiveChainVerification::checkDownloads()
{
    if (m_files.empty()) {
        m_running = false;
        conclude();
        return;
    }
    Q_EMIT checking();
    const std::map<QString, QString> files = m_files;
    TaskProgressPtr progress = m_progress;
    progress->setTotal(m_run->result ? m_run->result->count() : -1);
    BackgroundTask::run<LocalCheckOutcome>(this,
        [files, progress] { return LocalChainCheck::verifyExports(files, *progress); },
        [this](LocalCheckOutcome outcome) {
            if (!m_running)
                return;
            m_running = false;
            if (!outcome.error.isEmpty()) {
                m_run->notes << tr("The receipt table is not shown: %1 The verdict above is the gateway's.").arg(outcome.error);
            } else {
                m_run->rows = std::move(outcome.rows);
                // The gateway's verdict stands; say so if the console's own
                // walk of the exported chain saw it differently (a receipt
                // written or changed between the two reads).
                const ChainResult::Tenant *server = m_run->result->firstFailing();
                const std::optional<ChainResult> own =
                    outcome.report ? std::optional<ChainResult>(ChainResult::fromReport(*outcome.report)) : std::nullopt;
                const ChainResult::Tenant *local = own ? own->firstFailing() : nullptr;
                const auto at = [](const ChainResult::Tenant *t) {
                    return t->failure ? std::optional<qint64>(t->failure->index) : std::nullopt;
                };
                if (local && (!server || server->id != local->id || at(server) != at(local))) {
                    m_run->notes << tr("This console's own check of the exported chain found the first failure "
                                       "%1, which differs from the gateway's verdict. The chain may have changed "
                                       "between the two reads: verify again.")
                                        .arg(FailureExplainer::atPosition(*local));
                } else if (server && !local) {
                    m_run->notes << tr("This console's own check of the exported chain found no failure, unlike the "
                                       "gateway. The chain may have changed between the two reads: verify again.");
                }
            }
            conclude();
        });
}

} // namespace aegis::console
