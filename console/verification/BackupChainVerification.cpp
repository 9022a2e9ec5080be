#include "console/verification/BackupChainVerification.h"

#include "common/client/GatewayReply.h"
#include "common/json/JsonValue.h"
#include "common/receipts/ExpectedHead.h"
#include "common/receipts/LocalChainCheck.h"
#include "console/connection/GatewaySession.h"
#include "console/util/BackgroundTask.h"
#include "console/verification/FileDownload.h"

#include <QUrl>

namespace aegis::console {

BackupChainVerification::BackupChainVerification(GatewaySession &session, QObject *parent)
    : GatewayVerification(session, parent)
{
}

BackupChainVerification::~BackupChainVerification() = default;

QString BackupChainVerification::apiPath(const QString &suffix) const
{
    return QStringLiteral("/v1/admin/backups/") + QString::fromLatin1(QUrl::toPercentEncoding(m_name)) + suffix;
}

void BackupChainVerification::start(const QString &backupName)
{
    beginRun(VerificationRun::Source::Backup,
             tr("backup %1 on the gateway at %2").arg(backupName, m_session.profile().url.toString()),
             tr("this console, on a downloaded copy checked against the gateway's digest, with the "
                "manifest's chain heads; restorability checked by the gateway"));
    m_name = backupName;
    m_entry = {};
    m_run->fileName = backupName;

    Q_EMIT phase(tr("The gateway is re-reading backup %1…").arg(backupName));
    m_reply = m_session.post(apiPath(QStringLiteral("/verify")), QByteArrayLiteral("{}"), this);
    connect(m_reply, &GatewayReply::finished, this, &BackupChainVerification::onServerVerify);
}

void BackupChainVerification::onServerVerify()
{
    GatewayReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (!reply->ok()) {
        if (reply->status() == 404) {
            m_run->error = tr("There is no backup named %1 on the gateway (any more).").arg(m_name);
        } else {
            m_run->error = tr("The gateway could not verify backup %1: %2").arg(m_name, reply->errorText());
        }
        m_run->errorDetail = reply->detail();
        m_running = false;
        conclude();
        return;
    }
    m_run->backupCheck = reply->json().object();
    m_reply = m_session.get(apiPath(QString()), this);
    connect(m_reply, &GatewayReply::finished, this, &BackupChainVerification::onEntry);
}

void BackupChainVerification::onEntry()
{
    GatewayReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    if (!reply->ok()) {
        fallBackToServer(tr("the catalog entry could not be read (%1)").arg(reply->errorText()));
        return;
    }
    m_entry = reply->json().object();
    m_scratch = std::make_unique<QTemporaryDir>();
    if (!m_scratch->isValid()) {
        fallBackToServer(tr("no temporary directory (%1)").arg(m_scratch->errorString()));
        return;
    }
    Q_EMIT phase(tr("Downloading a copy of %1 to check it here…").arg(m_name));
    if (!m_download)
        m_download = new FileDownload(m_session, this);
    m_download->disconnect(this, nullptr);
    connect(m_download, &FileDownload::progress, this, &BackupChainVerification::transfer);
    connect(m_download, &FileDownload::finished, this, &BackupChainVerification::onDownloaded);
    m_download->start(apiPath(QStringLiteral("/file")), m_scratch->filePath(QStringLiteral("backup.db")));
}

void BackupChainVerification::onDownloaded()
{
    if (!m_download->ok()) {
        fallBackToServer(tr("the copy could not be downloaded (%1)").arg(m_download->errorText()));
        return;
    }
    const QString received = m_download->receivedSha256();
    const QString announced = m_download->announcedSha256();
    const QString catalog = m_entry.value(QStringLiteral("sha256")).toString();
    // The Digest header is the manifest's: a file changed on the gateway's
    // disk differs from it as a copy damaged on the way would. The gateway
    // read the file itself just now; when that agrees with the copy, the
    // copy is the file as it is, and it is checked here like any other.
    const QString gatewayRead = m_run->backupCheck.value(QStringLiteral("checks")).toObject()
                                    .value(QStringLiteral("file_sha256")).toString();
    const bool copyIsTheFile = !gatewayRead.isEmpty() && gatewayRead == received;
    if (!announced.isEmpty() && announced != received && !copyIsTheFile) {
        fallBackToServer(tr("the downloaded copy does not match the gateway's digest (damaged on the way)"));
        return;
    }
    m_run->fileSha256 = received;
    m_run->fileSize = m_download->bytes();
    m_run->manifestSha256 = catalog;
    if (!catalog.isEmpty() && catalog != received) {
        m_run->notes << tr("The backup file's SHA-256 (%1) is not the one its catalog entry records (%2): the file "
                           "changed after it was taken.")
                            .arg(received, catalog);
    } else {
        m_run->notes << tr("The downloaded copy's SHA-256 matches the gateway's digest%1.")
                            .arg(catalog.isEmpty() ? QString() : tr(" and the catalog"));
    }

    std::optional<ExpectedHeads> heads;
    if (m_entry.value(QStringLiteral("has_manifest")).toBool()) {
        QString why;
        heads = ExpectedHead::parseTenants(JsonValue::fromQJsonValue(m_entry.value(QStringLiteral("tenants"))), &why);
        if (!heads)
            m_run->notes << tr("The manifest's chain heads could not be read (%1); the chains were checked on their own.").arg(why);
    } else {
        m_run->notes << tr("This backup has no manifest: its chains were checked on their own, so a chain cut short "
                           "at its end cannot be noticed.");
    }

    Q_EMIT checking();
    const QString path = m_download->targetFile();
    TaskProgressPtr progress = m_progress;
    BackgroundTask::run<LocalCheckOutcome>(this,
        [path, heads, progress] { return LocalChainCheck::verifyDatabase(path, heads, *progress); },
        [this](LocalCheckOutcome outcome) {
            if (!m_running)
                return;
            if (!outcome.error.isEmpty() || !outcome.report) {
                fallBackToServer(outcome.error);
                return;
            }
            m_running = false;
            outcome.fileSha256.clear(); // the digest is the download's, checked above
            m_run->adopt(std::move(outcome));
            conclude();
        });
}

void BackupChainVerification::fallBackToServer(const QString &why)
{
    m_running = false;
    const QJsonObject chains = m_run->backupCheck.value(QStringLiteral("checks")).toObject()
                                   .value(QStringLiteral("chains")).toObject();
    m_run->result = ChainResult::fromJson(chains);
    m_run->verifiedBy = tr("the gateway (POST /v1/admin/backups/{name}/verify)");
    m_run->notes << tr("The receipt table is not shown: %1. The chain verdict above is the gateway's.").arg(why);
    if (!m_run->result)
        m_run->error = tr("No chain verdict: %1.").arg(why);
    conclude();
}

} // namespace aegis::console
