#include "console/connection/ConnectionBanner.h"

#include <QPushButton>

namespace aegis::console {

ConnectionBanner::ConnectionBanner(QWidget *parent)
    : MessagePanel(parent)
{
    setObjectName(QStringLiteral("connectionBanner"));
    m_retry = addAction(tr("&Retry"));
    m_edit = addAction(tr("&Edit connection…"));
    connect(m_retry, &QPushButton::clicked, this, &ConnectionBanner::retryRequested);
    connect(m_edit, &QPushButton::clicked, this, &ConnectionBanner::editConnectionRequested);
}

void ConnectionBanner::showState(const ConnectionState &state, const QString &gatewayUrl, const QString &tokenSource)
{
    switch (state.kind) {
    case ConnectionState::Kind::NotConfigured:
        showMessage(StatusColors::Status::Warning,
            tr("No gateway connection is set up yet. Choose \"Edit connection…\" to connect to one."));
        m_retry->setVisible(false);
        return;
    case ConnectionState::Kind::Unknown:
    case ConnectionState::Kind::Connected:
        clear();
        return;
    case ConnectionState::Kind::Unreachable:
        showMessage(StatusColors::Status::Bad,
            tr("Cannot reach the gateway. %1 What is shown below may be out of date.").arg(state.message),
            state.detail);
        break;
    case ConnectionState::Kind::TlsFailure:
        showMessage(StatusColors::Status::Bad,
            tr("%1 If the gateway uses a private certificate authority or a self-signed certificate, set that "
               "certificate as the connection's CA certificate (Edit connection…).")
                .arg(state.message),
            state.detail);
        break;
    case ConnectionState::Kind::Unauthorized:
        // Which token was sent, and the likelier cause first: the token file
        // was right once, so another gateway on this address is as likely as
        // a replaced token.
        showMessage(StatusColors::Status::Bad,
            (tokenSource.isEmpty()
                    ? tr("The gateway at %1 refused the admin token of this connection (401 Unauthorized).").arg(gatewayUrl)
                    : tr("The gateway at %1 refused the admin token of this connection, read from %2 (401 Unauthorized).")
                          .arg(gatewayUrl, tokenSource))
                + QLatin1Char(' ')
                + tr("Check the address first: another gateway may answer on this port. If it is the right gateway, "
                     "its token was replaced: enter the current one (Edit connection…)."),
            state.detail);
        break;
    }
    m_retry->setVisible(true);
}

} // namespace aegis::console
