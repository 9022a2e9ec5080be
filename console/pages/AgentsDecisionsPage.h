#pragma once

#include "common/client/GatewayReply.h"
#include "console/navigation/ConsolePage.h"
#include "console/pages/CursorPager.h"

#include <QHash>
#include <QJsonArray>
#include <QUrlQuery>
#include <QPointer>

class QComboBox;
class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;

namespace aegis::console {

class DecisionDetailView;
class JsonArrayModel;
class MessagePanel;

// Agents and decisions, newest first, with filters and paging; a decision's
// detail with its receipt beside the list.
class AgentsDecisionsPage : public ConsolePage
{
    Q_OBJECT

public:
    explicit AgentsDecisionsPage(ConsoleContext &context, QWidget *parent = nullptr);

    void refresh() override;
    void pageShown() override;
    void handleRequest(const QVariantMap &request) override;

    JsonArrayModel *decisions() const { return m_decisionModel; }
    JsonArrayModel *agents() const { return m_agentModel; }
    QTableView *decisionTable() const { return m_decisionTable; }
    DecisionDetailView *detail() const { return m_detail; }
    CursorPager &pager() { return m_pager; }

Q_SIGNALS:
    void decisionsLoaded();
    void agentsLoaded();

protected:
    void connectionChanged() override;

private:
    void loadTenants();
    void loadAgents();
    void fetchAgents(const QUrlQuery &query, const QString &cursor, const QJsonArray &sofar);
    void loadDecisions();
    void onDecisions(GatewayReply &reply);
    void onAgents(GatewayReply &reply);
    void showSelectedDecision();
    QString agentLabel(const QString &agentId) const;
    void fillAgentFilter();

    bool m_loaded = false;
    CursorPager m_pager;
    QHash<QString, QString> m_agentKeys; // id → agent_key
    QPointer<GatewayReply> m_decisionReply;
    QPointer<GatewayReply> m_agentReply;

    QTabWidget *m_tabs;
    QComboBox *m_tenant;
    QComboBox *m_agent;
    QComboBox *m_decision;
    QComboBox *m_pageSize;
    QPushButton *m_newer;
    QPushButton *m_older;
    QLabel *m_pageLabel;
    JsonArrayModel *m_decisionModel;
    QTableView *m_decisionTable;
    DecisionDetailView *m_detail;
    MessagePanel *m_decisionMessage;

    QComboBox *m_agentTenant;
    QComboBox *m_agentStatus;
    JsonArrayModel *m_agentModel;
    QTableView *m_agentTable;
    QPushButton *m_showAgentDecisions;
    MessagePanel *m_agentMessage;
};

} // namespace aegis::console
