#include "console/pages/DecisionsPage.h"

#include "common/client/GatewayReply.h"
#include "console/connection/GatewaySession.h"
#include "console/models/JsonArrayModel.h"
#include "console/pages/DecisionDetailView.h"
#include "console/pages/DecisionStyle.h"
#include "console/pages/TenantFilter.h"
#include "console/util/Format.h"
#include "console/widgets/BuddyLabel.h"
#include "console/widgets/MessagePanel.h"
#include "console/widgets/RecordTable.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace aegis::console {

DecisionsPage::DecisionsPage(GatewaySession &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    QLayout *filters = buildFilters();
    m_model = buildModel();
    QWidget *listAndDetail = buildListAndDetail();
    m_message = new MessagePanel(this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_message);
    layout->addWidget(listAndDetail, 1);
    connectControls();
    m_newer->setEnabled(false);
    m_older->setEnabled(false);
}

QLayout *DecisionsPage::buildFilters()
{
    m_tenant = new QComboBox(this);
    m_tenant->setObjectName(QStringLiteral("tenantFilter"));
    m_tenant->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_agent = new QComboBox(this);
    m_agent->setObjectName(QStringLiteral("agentFilter"));
    m_agent->setMinimumContentsLength(16);
    m_decision = new QComboBox(this);
    m_decision->setObjectName(QStringLiteral("decisionFilter"));
    m_decision->addItem(tr("Any"), QString());
    for (const QString &d : {QStringLiteral("allow"), QStringLiteral("deny"), QStringLiteral("require_approval")})
        m_decision->addItem(DecisionStyle::label(d), d);
    m_pageSize = new QComboBox(this);
    for (int size : {50, 100, 200})
        m_pageSize->addItem(QString::number(size), size);
    m_newer = new QPushButton(tr("◀ &Newer"), this);
    m_older = new QPushButton(tr("&Older ▶"), this);
    m_newer->setShortcut(QKeySequence(Qt::ALT | Qt::Key_PageUp));
    m_older->setShortcut(QKeySequence(Qt::ALT | Qt::Key_PageDown));
    m_newer->setToolTip(tr("Newer decisions (Alt+Page Up)"));
    m_older->setToolTip(tr("Older decisions (Alt+Page Down)"));
    m_pageLabel = new QLabel(this);

    auto *filters = new QHBoxLayout;
    filters->addWidget(BuddyLabel::create(tr("&Tenant:"), m_tenant, this));
    filters->addWidget(m_tenant);
    filters->addWidget(BuddyLabel::create(tr("A&gent:"), m_agent, this));
    filters->addWidget(m_agent);
    filters->addWidget(BuddyLabel::create(tr("&Decision:"), m_decision, this));
    filters->addWidget(m_decision);
    filters->addWidget(BuddyLabel::create(tr("Per &page:"), m_pageSize, this));
    filters->addWidget(m_pageSize);
    filters->addStretch(1);
    // Paging on a row of its own: in one row with the filters the page
    // needed 860 px, more than a 1024 px wide window leaves beside the
    // navigation.
    auto *paging = new QHBoxLayout;
    paging->addStretch(1);
    paging->addWidget(m_newer);
    paging->addWidget(m_pageLabel);
    paging->addWidget(m_older);
    auto *rows = new QVBoxLayout;
    rows->setContentsMargins(0, 0, 0, 0);
    rows->addLayout(filters);
    rows->addLayout(paging);
    return rows;
}

JsonArrayModel *DecisionsPage::buildModel()
{
    return new JsonArrayModel(
        {
            JsonColumn::time(tr("Time"), QStringLiteral("created_at")),
            {tr("Decision"),
                [](const QJsonObject &row) { return DecisionStyle::label(row.value(QStringLiteral("decision")).toString()); },
                [](const QJsonObject &row) -> std::optional<StatusColors::Status> {
                    return DecisionStyle::status(row.value(QStringLiteral("decision")).toString());
                }},
            {tr("Agent"), [this](const QJsonObject &row) { return agentLabel(row.value(QStringLiteral("agent_id")).toString()); }, {}},
            JsonColumn::field(tr("Tool"), QStringLiteral("tool")),
            JsonColumn::field(tr("Action"), QStringLiteral("action")),
            JsonColumn::field(tr("Resource"), QStringLiteral("resource")),
            {tr("Risk"), [](const QJsonObject &row) {
                 return tr("%1 (%2)").arg(Format::value(row.value(QStringLiteral("risk_level"))),
                     Format::value(row.value(QStringLiteral("risk_score"))));
             }, {}},
            JsonColumn::field(tr("User"), QStringLiteral("user_id")),
            JsonColumn::field(tr("Tenant"), QStringLiteral("tenant_id")),
            JsonColumn::field(tr("Reason"), QStringLiteral("reason")),
        },
        this);
}

QWidget *DecisionsPage::buildListAndDetail()
{
    m_table = RecordTable::createStriped(m_model, this);
    m_table->setObjectName(QStringLiteral("decisionTable"));
    m_detail = new DecisionDetailView(m_session, this);
    auto *split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_table);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    return split;
}

void DecisionsPage::connectControls()
{
    connect(m_tenant, &QComboBox::activated, this, [this] {
        fillAgentFilter();
        reload();
    });
    connect(m_agent, &QComboBox::activated, this, &DecisionsPage::reload);
    connect(m_decision, &QComboBox::activated, this, &DecisionsPage::reload);
    connect(m_pageSize, &QComboBox::activated, this, &DecisionsPage::reload);
    connect(m_older, &QPushButton::clicked, this, [this] {
        if (m_pager.older())
            load();
    });
    connect(m_newer, &QPushButton::clicked, this, [this] {
        if (m_pager.newer())
            load();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &DecisionsPage::showSelectedDecision);
    connect(m_detail, &DecisionDetailView::verifyChainRequested, this, &DecisionsPage::verifyChainRequested);
}

void DecisionsPage::clear()
{
    m_agents = QJsonArray();
    m_agentKeys.clear();
    m_model->setRows({});
    m_detail->clear();
    m_tenant->clear();
}

void DecisionsPage::setTenants(const QJsonArray &tenants)
{
    TenantFilter::fill(m_tenant, tenants);
}

void DecisionsPage::setAgents(const QJsonArray &agents)
{
    m_agents = agents;
    for (const QJsonValue &value : agents) {
        const QJsonObject agent = value.toObject();
        m_agentKeys.insert(agent.value(QStringLiteral("id")).toString(), agent.value(QStringLiteral("agent_key")).toString());
    }
    // The table's agent column now has names for its ids.
    m_model->refreshAll();
    fillAgentFilter();
}

void DecisionsPage::showAgent(const QString &tenantId, const QString &agentId)
{
    m_tenant->setCurrentIndex(qMax(0, m_tenant->findData(tenantId)));
    fillAgentFilter();
    m_agent->setCurrentIndex(qMax(0, m_agent->findData(agentId)));
    m_decision->setCurrentIndex(0);
    reload();
}

void DecisionsPage::fillAgentFilter()
{
    const QString tenant = m_tenant->currentData().toString();
    const QString selected = m_agent->currentData().toString();
    m_agent->clear();
    m_agent->addItem(tr("Any"), QString());
    for (const QJsonValue &value : std::as_const(m_agents)) {
        const QJsonObject agent = value.toObject();
        if (!tenant.isEmpty() && agent.value(QStringLiteral("tenant_id")).toString() != tenant)
            continue;
        m_agent->addItem(agent.value(QStringLiteral("agent_key")).toString(), agent.value(QStringLiteral("id")).toString());
    }
    m_agent->setCurrentIndex(qMax(0, m_agent->findData(selected)));
}

QString DecisionsPage::agentLabel(const QString &agentId) const
{
    const QString key = m_agentKeys.value(agentId);
    return key.isEmpty() ? agentId.left(8) : key;
}

// A filter changed: from the newest page again.
void DecisionsPage::reload()
{
    m_pager.reset();
    load();
}

void DecisionsPage::load()
{
    if (!m_session.isConfigured())
        return;
    delete m_reply;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), m_pageSize->currentData().toString());
    if (!m_tenant->currentData().toString().isEmpty())
        query.addQueryItem(QStringLiteral("tenant_id"), m_tenant->currentData().toString());
    if (!m_agent->currentData().toString().isEmpty())
        query.addQueryItem(QStringLiteral("agent_id"), m_agent->currentData().toString());
    if (!m_decision->currentData().toString().isEmpty())
        query.addQueryItem(QStringLiteral("decision"), m_decision->currentData().toString());
    if (!m_pager.current().isEmpty())
        query.addQueryItem(QStringLiteral("cursor"), m_pager.current());
    m_pageLabel->setText(tr("Page %1").arg(m_pager.pageNumber()));
    m_newer->setEnabled(false);
    m_older->setEnabled(false);
    m_reply = m_session.get(QStringLiteral("/v1/decisions?") + query.toString(QUrl::FullyEncoded), this);
    connect(m_reply, &GatewayReply::finished, this, [this, reply = m_reply.data()] {
        reply->deleteLater();
        onDecisions(*reply);
    });
}

void DecisionsPage::onDecisions(GatewayReply &reply)
{
    m_newer->setEnabled(m_pager.hasNewer());
    if (!reply.ok()) {
        if (reply.failure() != GatewayReply::Failure::Cancelled)
            m_message->showMessage(StatusColors::Status::Bad,
                tr("The decisions could not be loaded: %1").arg(reply.errorText()), reply.detail());
        return;
    }
    m_message->clear();
    const QString selectedId = m_detail->isVisible()
        ? m_model->row(m_table->currentIndex().row()).value(QStringLiteral("id")).toString()
        : QString();
    m_pager.setNext(QString::fromLatin1(reply.header("X-Next-Cursor")));
    m_older->setEnabled(m_pager.hasOlder());
    const QJsonArray rows = reply.json().array();
    m_model->setRows(rows);
    if (rows.isEmpty()) {
        m_message->showMessage(StatusColors::Status::Neutral,
            m_pager.pageNumber() == 1 ? tr("No decisions match these filters.") : tr("No older decisions."));
    }
    m_table->resizeColumnsToContents();
    const int again = selectedId.isEmpty() ? -1 : m_model->find(QStringLiteral("id"), selectedId);
    if (again >= 0)
        m_table->selectRow(again);
    else
        m_detail->clear();
    Q_EMIT decisionsLoaded();
}

void DecisionsPage::showSelectedDecision()
{
    const QJsonObject decision = m_model->row(m_table->currentIndex().row());
    if (decision.isEmpty()) {
        m_detail->clear();
        return;
    }
    const QString agentId = decision.value(QStringLiteral("agent_id")).toString();
    const QString key = m_agentKeys.value(agentId);
    m_detail->showDecision(decision, key.isEmpty() ? agentId : tr("%1 (%2)").arg(key, agentId));
}

} // namespace aegis::console
