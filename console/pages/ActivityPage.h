#pragma once

#include "console/navigation/ConsolePage.h"

class QTabWidget;

namespace aegis::console {

class AgentsPage;
class DecisionsPage;

// "Agents & decisions" in the navigation: the decisions and the agents, a
// tab each, and what passes between them (the agents' keys, an agent's
// decisions on request, the tenants both filter by).
class ActivityPage : public ConsolePage
{
    Q_OBJECT

public:
    explicit ActivityPage(ConsoleContext &context, QWidget *parent = nullptr);

    void refresh() override;
    void pageShown() override;
    void handleRequest(const QVariantMap &request) override;

    DecisionsPage *decisionsPage() const { return m_decisions; }
    AgentsPage *agentsPage() const { return m_agents; }

protected:
    void connectionChanged() override;

private:
    void loadTenants();

    bool m_loaded = false;
    QTabWidget *m_tabs;
    DecisionsPage *m_decisions;
    AgentsPage *m_agents;
};

} // namespace aegis::console
