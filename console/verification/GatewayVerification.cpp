#include "console/verification/GatewayVerification.h"

#include "console/verification/FileDownload.h"

namespace aegis::console {

GatewayVerification::GatewayVerification(GatewaySession &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_progress(std::make_shared<TaskProgress>())
{
}

GatewayVerification::~GatewayVerification()
{
    if (m_progress)
        m_progress->requestCancel();
}

void GatewayVerification::beginRun(VerificationRun::Source source, const QString &sourceLabel,
                                   const QString &verifiedBy)
{
    cancel();
    m_running = true;
    m_progress = std::make_shared<TaskProgress>();
    m_run = std::make_shared<VerificationRun>();
    m_run->source = source;
    m_run->sourceLabel = sourceLabel;
    m_run->verifiedBy = verifiedBy;
    m_run->startedAt = QDateTime::currentDateTimeUtc();
}

void GatewayVerification::cancel()
{
    if (!m_running)
        return;
    m_progress->requestCancel();
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
        m_reply = nullptr;
    }
    if (m_download) {
        m_download->disconnect(this);
        m_download->abort();
        m_download->deleteLater();
        m_download = nullptr;
    }
    m_running = false;
    m_run->error = tr("Cancelled before the verification finished; nothing was concluded.");
    m_run->result.reset();
    m_run->rows.clear();
    conclude();
}

void GatewayVerification::conclude()
{
    m_run->finishedAt = QDateTime::currentDateTimeUtc();
    m_scratch.reset();
    VerificationRunPtr run = m_run;
    Q_EMIT finished(run);
}

} // namespace aegis::console
