#include "console/restore/GatewayStarter.h"

#include "common/client/GatewayReply.h"
#include "common/restore/PosixFileOperations.h"
#include "common/restore/ProcessCommandRunner.h"
#include "common/restore/ServiceControlFactory.h"
#include "console/connection/GatewaySession.h"
#include "console/restore/RestoreTarget.h"
#include "console/util/BackgroundTask.h"

namespace aegis::console {

GatewayStarter::GatewayStarter(GatewaySession &session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    m_poll.setInterval(500);
    m_poll.setSingleShot(true);
    connect(&m_poll, &QTimer::timeout, this, &GatewayStarter::poll);
    // Another connection: what was being started is not its gateway.
    connect(&m_session, &GatewaySession::aboutToChangeConnection, this, [this] {
        ++m_generation;
        m_poll.stop();
        m_busy = false;
    });
}

QString GatewayStarter::cannotStart(const RestoreTarget &target)
{
    switch (target.service.kind) {
    case aegis::ServiceControl::Kind::Manual:
        return tr("This connection's gateway is started by hand (service control: manual): start it on its machine.");
    case aegis::ServiceControl::Kind::Managed:
        if (target.gatewayBinary.isEmpty() || target.databasePath.isEmpty())
            return tr("The console runs this gateway itself, but the connection lacks its binary or database path "
                      "(Edit connection…).");
        break;
    case aegis::ServiceControl::Kind::Command:
        if (target.service.startCommand.isEmpty())
            return tr("The connection names no command that starts the gateway (Edit connection…).");
        break;
    case aegis::ServiceControl::Kind::Systemd:
        break;
    }
    return QString();
}

void GatewayStarter::start()
{
    if (m_busy)
        return;
    const RestoreTarget target = RestoreTarget::fromProfile(m_session.profile(), QByteArray());
    if (const QString why = cannotStart(target); !why.isEmpty()) {
        Q_EMIT finished(Outcome::StartFailed, why);
        return;
    }
    m_busy = true;
    const quint64 generation = ++m_generation;
    // systemctl may wait for polkit, a command for anything: off the UI thread.
    BackgroundTask::run<aegis::ServiceControl::Result>(this,
        [spec = target.service] {
            ProcessCommandRunner runner;
            PosixFileOperations files;
            auto control = ServiceControlFactory::create(spec, runner, files, {});
            return control->start();
        },
        [this, generation](aegis::ServiceControl::Result result) {
            if (generation != m_generation)
                return;
            m_detail = result.detail;
            if (!result.ok) {
                finish(Outcome::StartFailed, result.detail);
                return;
            }
            m_waited.start();
            poll();
        });
}

void GatewayStarter::poll()
{
    // Through the session, so that its answer also clears the banner and
    // the pages see the gateway back.
    GatewayReply *reply = m_session.get(QStringLiteral("/health"), this);
    connect(reply, &GatewayReply::finished, this, [this, reply, generation = m_generation] {
        reply->deleteLater();
        if (generation != m_generation)
            return;
        if (reply->status() != 0) {
            finish(Outcome::Answering, m_detail);
            return;
        }
        if (m_waited.elapsed() >= AnswerTimeoutMs) {
            finish(Outcome::NotAnswering, m_detail);
            return;
        }
        m_poll.start();
    });
}

void GatewayStarter::finish(Outcome outcome, const QString &detail)
{
    m_busy = false;
    Q_EMIT finished(outcome, detail);
}

} // namespace aegis::console
