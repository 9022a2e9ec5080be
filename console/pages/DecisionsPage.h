#pragma once

#include "common/client/GatewayReply.h"
#include "console/pages/CursorPager.h"

#include <QHash>
#include <QJsonArray>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QLabel;
class QLayout;
class QPushButton;
class QTableView;

namespace aegis::console {

class DecisionDetailView;
class GatewaySession;
class JsonArrayModel;
class MessagePanel;

// The decisions, newest first, with filters and paging; a decision's
// detail with its receipt beside the list. A tab of ActivityPage.
class DecisionsPage : public QWidget
{
    Q_OBJECT

public:
    explicit DecisionsPage(GatewaySession &session, QWidget *parent = nullptr);

    // Loads the current page with the current filters.
    void load();
    // Forgets what belonged to the previous gateway.
    void clear();
    void setTenants(const QJsonArray &tenants);
    // The agents (GET /v1/agents), for their keys in the table and the filter.
    void setAgents(const QJsonArray &agents);
    // The first page of one agent's decisions.
    void showAgent(const QString &tenantId, const QString &agentId);

    JsonArrayModel *decisions() const { return m_model; }
    QTableView *decisionTable() const { return m_table; }
    DecisionDetailView *detail() const { return m_detail; }
    CursorPager &pager() { return m_pager; }

Q_SIGNALS:
    void decisionsLoaded();
    void verifyChainRequested(const QString &tenantId);

private:
    QLayout *buildFilters();
    JsonArrayModel *buildModel();
    QWidget *buildListAndDetail();
    void connectControls();

    void reload();
    void onDecisions(GatewayReply &reply);
    void showSelectedDecision();
    QString agentLabel(const QString &agentId) const;
    void fillAgentFilter();

    GatewaySession &m_session;
    CursorPager m_pager;
    QJsonArray m_agents;
    QHash<QString, QString> m_agentKeys; // id → agent_key
    QPointer<GatewayReply> m_reply;

    QComboBox *m_tenant;
    QComboBox *m_agent;
    QComboBox *m_decision;
    QComboBox *m_pageSize;
    QPushButton *m_newer;
    QPushButton *m_older;
    QLabel *m_pageLabel;
    JsonArrayModel *m_model;
    QTableView *m_table;
    DecisionDetailView *m_detail;
    MessagePanel *m_message;
};

} // namespace aegis::console
