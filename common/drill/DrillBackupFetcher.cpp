#include "common/drill/DrillBackupFetcher.h"

#include "common/backup/BackupKind.h"
#include "common/backup/CatalogManifest.h"
#include "common/client/GatewayClient.h"
#include "common/client/GatewayReply.h"
#include "common/util/Timestamp.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>
#include <QUrl>

namespace aegis {

namespace {

QString encoded(const QString &name)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(name));
}

QString answer(const GatewayReply &reply)
{
    return reply.detail().isEmpty() ? reply.errorText() : QStringLiteral("%1 (%2)").arg(reply.errorText(), reply.detail());
}

} // namespace

DrillBackupFetcher::DrillBackupFetcher(GatewayEndpoint production, std::function<bool()> cancelled, int requestTimeoutMs,
                                       int downloadTimeoutMs)
    : m_production(std::move(production))
    , m_cancelled(std::move(cancelled))
    , m_requestTimeoutMs(requestTimeoutMs)
    , m_downloadTimeoutMs(downloadTimeoutMs)
{
}

DrillBackupFetcher::Result DrillBackupFetcher::fail(Result result, DrillFailure failure, const QString &detail)
{
    result.ok = false;
    result.failure = failure;
    result.detail = detail;
    return result;
}

void DrillBackupFetcher::wait(GatewayReply &reply)
{
    // Looks at the cancel flag between events, so that a long download ends
    // promptly when the operator cancels.
    while (!reply.isFinished()) {
        if (m_cancelled && m_cancelled()) {
            reply.abort();
            reply.waitForFinished();
            return;
        }
        QEventLoop loop;
        QObject::connect(&reply, &GatewayReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(100, &loop, &QEventLoop::quit);
        loop.exec();
    }
}

DrillBackupFetcher::Result DrillBackupFetcher::fetch(const BackupSource &source, const QString &downloadDirectory,
                                                     const QDateTime &now)
{
    Result result;
    if (source.kind == BackupSource::Kind::File) {
        result.name = QFileInfo(source.value).fileName();
        result.backupPath = source.value;
        if (!QFileInfo(source.value).isFile())
            return fail(result, DrillFailure::BackupUnavailable, QStringLiteral("%1 is not a file").arg(source.value));
        result.ok = true;
        return result;
    }

    GatewayEndpoint endpoint = m_production;
    endpoint.timeoutMs = m_requestTimeoutMs;
    if (source.kind == BackupSource::Kind::Named)
        return fetchCatalogEntry(source.value, downloadDirectory, result);

    if (source.kind == BackupSource::Kind::Latest) {
        GatewayClient client(endpoint);
        std::unique_ptr<GatewayReply> reply(client.get(QStringLiteral("/v1/admin/backups")));
        wait(*reply);
        if (!reply->ok())
            return fail(result, DrillFailure::BackupUnavailable,
                        QStringLiteral("GET /v1/admin/backups: %1").arg(answer(*reply)));
        // A database a restore set aside is not the newest backup.
        const QJsonObject newest = BackupKinds::newestBackup(reply->json().array());
        if (newest.isEmpty())
            return fail(result, DrillFailure::BackupUnavailable, QStringLiteral("the gateway's catalog holds no backup"));
        return fetchCatalogEntry(newest.value(QStringLiteral("name")).toString(), downloadDirectory, result);
    }

    // Fresh: a manual backup under a name that says what took it.
    endpoint.timeoutMs = m_downloadTimeoutMs;
    GatewayClient client(endpoint);
    const QString name = QStringLiteral("drill-%1.db").arg(Timestamp::compact(now));
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("filename"), name}}).toJson(QJsonDocument::Compact);
    std::unique_ptr<GatewayReply> reply(client.post(QStringLiteral("/v1/admin/backup"), body));
    wait(*reply);
    if (!reply->ok())
        return fail(result, DrillFailure::BackupUnavailable,
                    QStringLiteral("POST /v1/admin/backup: %1").arg(answer(*reply)));
    result.evidence.insert(QStringLiteral("backup_answer"), reply->json().object());
    return fetchCatalogEntry(name, downloadDirectory, result);
}

DrillBackupFetcher::Result DrillBackupFetcher::fetchCatalogEntry(const QString &name, const QString &downloadDirectory,
                                                                 Result result)
{
    result.name = name;
    GatewayEndpoint endpoint = m_production;
    endpoint.timeoutMs = m_requestTimeoutMs;
    QJsonObject entry;
    {
        GatewayClient client(endpoint);
        std::unique_ptr<GatewayReply> reply(client.get(QStringLiteral("/v1/admin/backups/%1").arg(encoded(name))));
        wait(*reply);
        if (!reply->ok())
            return fail(result, DrillFailure::BackupUnavailable,
                        QStringLiteral("GET /v1/admin/backups/%1: %2").arg(name, answer(*reply)));
        entry = reply->json().object();
    }
    result.localCatalogPath = entry.value(QStringLiteral("path")).toString();
    result.evidence.insert(QStringLiteral("catalog_entry"), entry);

    result.backupPath = QDir(downloadDirectory).filePath(name);
    QFile file(result.backupPath);
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return fail(result, DrillFailure::BackupUnavailable,
                    QStringLiteral("cannot create %1: %2").arg(result.backupPath, file.errorString()));
    endpoint.timeoutMs = m_downloadTimeoutMs;
    GatewayClient client(endpoint);
    std::unique_ptr<GatewayReply> reply(client.download(QStringLiteral("/v1/admin/backups/%1/file").arg(encoded(name)), &file));
    if (m_progress)
        QObject::connect(reply.get(), &GatewayReply::progress, reply.get(), m_progress);
    wait(*reply);
    file.close();
    if (m_cancelled && m_cancelled())
        return fail(result, DrillFailure::Cancelled, QStringLiteral("cancelled during the download"));
    if (!reply->ok())
        return fail(result, DrillFailure::BackupUnavailable,
                    QStringLiteral("GET /v1/admin/backups/%1/file: %2").arg(name, answer(*reply)));
    result.evidence.insert(QStringLiteral("downloaded_bytes"), reply->receivedBytes());
    result.evidence.insert(QStringLiteral("downloaded_sha256"), reply->receivedSha256());

    // Without a manifest the next step refuses the backup, which is the
    // drill's finding; nothing is made up here.
    QString error;
    if (const auto manifest = CatalogManifest::fromEntry(entry, &error)) {
        if (!CatalogManifest::write(*manifest, result.backupPath + QStringLiteral(".manifest.json"), &error))
            return fail(result, DrillFailure::BackupUnavailable, error);
    }
    result.ok = true;
    return result;
}

} // namespace aegis
