#pragma once

#include "common/client/GatewayReply.h"
#include "console/util/TaskProgress.h"
#include "console/verification/VerificationRun.h"

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
class BackupChainVerification : public QObject
{
    Q_OBJECT

public:
    explicit BackupChainVerification(GatewaySession &session, QObject *parent = nullptr);
    ~BackupChainVerification() override;

    void start(const QString &backupName);
    void cancel();
    bool isRunning() const { return m_running; }
    TaskProgressPtr progress() const { return m_progress; }

Q_SIGNALS:
    void phase(const QString &text);
    void transfer(qint64 received, qint64 total);
    void checking();
    void finished(aegis::console::VerificationRunPtr run);

private:
    void onServerVerify();
    void onEntry();
    void onDownloaded();
    void fallBackToServer(const QString &why);
    void conclude();
    QString apiPath(const QString &suffix) const;

    GatewaySession &m_session;
    std::shared_ptr<VerificationRun> m_run;
    TaskProgressPtr m_progress;
    QPointer<GatewayReply> m_reply;
    FileDownload *m_download = nullptr;
    std::unique_ptr<QTemporaryDir> m_scratch;
    QString m_name;
    QJsonObject m_entry;
    bool m_running = false;
};

} // namespace aegis::console
