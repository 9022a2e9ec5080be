#include "console/pages/ActivityPage.h"

#include "common/client/GatewayReply.h"
#include "console/connection/GatewaySession.h"
#include "console/navigation/PageId.h"
#include "console/pages/AgentsPage.h"
#include "console/pages/DecisionsPage.h"

#include <QJsonArray>
#include <QTabWidget>
#include <QVBoxLayout>

namespace aegis::console {

ActivityPage::ActivityPage(ConsoleContext &context, QWidget *parent)
    : ConsolePage(context, parent)
    , m_tabs(new QTabWidget(this))
    , m_decisions(new DecisionsPage(session(), m_tabs))
    , m_agents(new AgentsPage(session(), m_tabs))
{
    m_tabs->addTab(m_decisions, tr("De&cisions"));
    m_tabs->addTab(m_agents, tr("A&gents"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);

    connect(m_agents, &AgentsPage::agentsLoaded, m_decisions, &DecisionsPage::setAgents);
    connect(m_agents, &AgentsPage::decisionsOfAgentRequested, this,
        [this](const QString &tenantId, const QString &agentId) {
            m_tabs->setCurrentWidget(m_decisions);
            m_decisions->showAgent(tenantId, agentId);
        });
    connect(m_decisions, &DecisionsPage::verifyChainRequested, this, [this](const QString &tenant) {
        this->context().openPage(PageId::Verification, {{QStringLiteral("source"), QStringLiteral("live")},
                                                           {QStringLiteral("tenant"), tenant},
                                                           {QStringLiteral("start"), true}});
    });
}

void ActivityPage::connectionChanged()
{
    m_loaded = false;
    m_decisions->clear();
    m_agents->clear();
    if (isVisible())
        refresh();
}

void ActivityPage::pageShown()
{
    if (!m_loaded)
        refresh();
}

void ActivityPage::refresh()
{
    if (!session().isConfigured())
        return;
    m_loaded = true;
    loadTenants();
    m_agents->load();
    m_decisions->load();
}

void ActivityPage::handleRequest(const QVariantMap &request)
{
    Q_UNUSED(request);
    refresh();
}

void ActivityPage::loadTenants()
{
    GatewayReply *reply = session().get(QStringLiteral("/v1/tenants"), this);
    connect(reply, &GatewayReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (!reply->ok())
            return;
        const QJsonArray tenants = reply->json().array();
        m_decisions->setTenants(tenants);
        m_agents->setTenants(tenants);
    });
}

} // namespace aegis::console
