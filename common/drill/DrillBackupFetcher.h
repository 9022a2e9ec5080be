#pragma once

#include "common/client/GatewayEndpoint.h"
#include "common/drill/BackupSource.h"
#include "common/drill/DrillFailure.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <functional>

class QIODevice;

namespace aegis {

class GatewayClient;
class GatewayReply;

// The drill's first step: the backup as a local file with its manifest
// beside it. A fresh backup is asked of the production gateway (the one
// write a drill makes there, and the one the spec asks for); a catalog
// backup is downloaded into the scratch directory, so that the drill also
// proves it can be fetched, and its manifest is rebuilt from the catalog
// entry (CatalogManifest); a local file is used where it is, read only.
// Blocking; spins a local event loop on the calling thread.
class DrillBackupFetcher
{
public:
    struct Result
    {
        bool ok = false;
        DrillFailure failure = DrillFailure::None;
        QString detail;       // the evidence (HTTP answer, file error)
        QString name;
        QString backupPath;   // the local file the drill checks and copies
        QString localCatalogPath; // the gateway's own path of a catalog backup, as it reported it
        QJsonObject evidence;
    };

    DrillBackupFetcher(GatewayEndpoint production, std::function<bool()> cancelled, int requestTimeoutMs,
                       int downloadTimeoutMs);

    // `downloadDirectory` exists and is private to this drill.
    Result fetch(const BackupSource &source, const QString &downloadDirectory, const QDateTime &now);

    using Progress = std::function<void(qint64 done, qint64 total)>;
    void setProgress(Progress progress) { m_progress = std::move(progress); }

private:
    Result fetchCatalogEntry(const QString &name, const QString &downloadDirectory, Result result);
    // Waits for the reply; aborts it when the drill is cancelled.
    void wait(GatewayReply &reply);
    static Result fail(Result result, DrillFailure failure, const QString &detail);

    GatewayEndpoint m_production;
    std::function<bool()> m_cancelled;
    int m_requestTimeoutMs;
    int m_downloadTimeoutMs;
    Progress m_progress;
};

} // namespace aegis
