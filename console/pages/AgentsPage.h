#pragma once

#include "common/client/GatewayReply.h"

#include <QJsonArray>
#include <QPointer>
#include <QWidget>

class QComboBox;
class QLayout;
class QPushButton;
class QTableView;
class QUrlQuery;

namespace aegis::console {

class GatewaySession;
class JsonArrayModel;
class MessagePanel;

// The agents, filtered by tenant and status, with the way to an agent's
// decisions. A tab of ActivityPage.
class AgentsPage : public QWidget
{
    Q_OBJECT

public:
    explicit AgentsPage(GatewaySession &session, QWidget *parent = nullptr);

    // Every agent (up to a limit) that the filters let through.
    void load();
    // Forgets what belonged to the previous gateway.
    void clear();
    void setTenants(const QJsonArray &tenants);

    JsonArrayModel *agents() const { return m_model; }

Q_SIGNALS:
    void agentsLoaded(const QJsonArray &agents);
    void decisionsOfAgentRequested(const QString &tenantId, const QString &agentId);

private:
    QLayout *buildFilters();
    JsonArrayModel *buildModel();
    void fetch(const QUrlQuery &query, const QString &cursor, const QJsonArray &sofar);

    GatewaySession &m_session;
    QPointer<GatewayReply> m_reply;

    QComboBox *m_tenant;
    QComboBox *m_status;
    QPushButton *m_showDecisions;
    JsonArrayModel *m_model;
    QTableView *m_table;
    MessagePanel *m_message;
};

} // namespace aegis::console
