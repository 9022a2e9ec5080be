#pragma once

#include "common/client/GatewayReply.h"
#include "common/util/TaskProgress.h"
#include "console/verification/VerificationRun.h"

#include <QObject>
#include <QPointer>
#include <QTemporaryDir>

#include <memory>

namespace aegis::console {

class FileDownload;
class GatewaySession;

// What a verification that talks to the gateway shares, whatever it
// verifies: one request or download in flight at a time, a run record, a
// progress the worker polls, a scratch directory for downloaded copies, and
// cancelling all of it at once.
class GatewayVerification : public QObject
{
    Q_OBJECT

public:
    ~GatewayVerification() override;

    void cancel();
    bool isRunning() const { return m_running; }
    TaskProgressPtr progress() const { return m_progress; }

Q_SIGNALS:
    void phase(const QString &text);
    void transfer(qint64 received, qint64 total);
    // The worker's progress is in progress() from now on.
    void checking();
    void finished(aegis::console::VerificationRunPtr run);

protected:
    GatewayVerification(GatewaySession &session, QObject *parent);

    // Cancels a run in progress and starts a fresh record.
    void beginRun(VerificationRun::Source source, const QString &sourceLabel, const QString &verifiedBy);
    // Stamps the run, drops the scratch copies and hands the run over.
    void conclude();

    GatewaySession &m_session;
    std::shared_ptr<VerificationRun> m_run;
    TaskProgressPtr m_progress;
    QPointer<GatewayReply> m_reply;
    FileDownload *m_download = nullptr;
    std::unique_ptr<QTemporaryDir> m_scratch;
    bool m_running = false;
};

} // namespace aegis::console
