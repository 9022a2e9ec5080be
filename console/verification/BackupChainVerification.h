#pragma once

#include "common/client/GatewayReply.h"
#include "console/verification/GatewayVerification.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTemporaryDir>

#include <memory>

namespace aegis::console {

class FileDownload;
class GatewaySession;

// Verifies a backup from the gateway's catalog in two independent ways:
// the gateway re-reads the file (POST /v1/admin/backups/{name}/verify:
// restorable or not, and why), and the console downloads a copy, checks its
// digest, and runs its own database verifier on it against the manifest's
// heads, which gives the receipt table. The chain verdict shown is the
// console's; when the copy cannot be had, the gateway's chain result is
// shown instead, with a note.
class BackupChainVerification : public GatewayVerification
{
    Q_OBJECT

public:
    explicit BackupChainVerification(GatewaySession &session, QObject *parent = nullptr);
    ~BackupChainVerification() override;

    void start(const QString &backupName);
private:
    void onServerVerify();
    void onEntry();
    void onDownloaded();
    void fallBackToServer(const QString &why);
    QString apiPath(const QString &suffix) const;

    QString m_name;
    QJsonObject m_entry;
};

} // namespace aegis::console
