#include "console/navigation/ConsolePage.h"

#include "console/connection/GatewaySession.h"

namespace aegis::console {

ConsolePage::ConsolePage(ConsoleContext &context, QWidget *parent)
    : QWidget(parent)
    , m_context(context)
{
    connect(m_context.session, &GatewaySession::connectionChanged, this, [this] { connectionChanged(); });
}

bool ConsolePage::isConnected() const
{
    return m_context.session->isConfigured();
}

} // namespace aegis::console
