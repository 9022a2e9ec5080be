#include "console/pages/AgentsDecisionsPage.h"

#include "common/client/GatewayReply.h"
#include "console/connection/GatewaySession.h"
#include "console/models/JsonArrayModel.h"
#include "console/navigation/PageId.h"
#include "console/pages/DecisionDetailView.h"
#include "console/pages/DecisionStyle.h"
#include "console/util/Format.h"
#include "console/widgets/MessagePanel.h"
#include "console/widgets/RecordTable.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace aegis::console {

namespace {

// Enough for any installation this console is for; beyond it the agent
// column shows ids.
constexpr int MaxAgents = 2000;

QTableView *makeTable(QAbstractItemModel *model, QWidget *parent)
{
    auto *table = RecordTable::create(model, parent);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    return table;
}

QLabel *buddyLabel(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

} // namespace

AgentsDecisionsPage::AgentsDecisionsPage(ConsoleContext &context, QWidget *parent)
    : ConsolePage(context, parent)
    , m_tabs(new QTabWidget(this))
{
    // Decisions tab.
    auto *decisionsTab = new QWidget(m_tabs);
    m_tenant = new QComboBox(decisionsTab);
    m_tenant->setObjectName(QStringLiteral("tenantFilter"));
    m_tenant->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_agent = new QComboBox(decisionsTab);
    m_agent->setObjectName(QStringLiteral("agentFilter"));
    m_agent->setMinimumContentsLength(16);
    m_decision = new QComboBox(decisionsTab);
    m_decision->setObjectName(QStringLiteral("decisionFilter"));
    m_decision->addItem(tr("Any"), QString());
    for (const QString &d : {QStringLiteral("allow"), QStringLiteral("deny"), QStringLiteral("require_approval")})
        m_decision->addItem(DecisionStyle::label(d), d);
    m_pageSize = new QComboBox(decisionsTab);
    for (int size : {50, 100, 200})
        m_pageSize->addItem(QString::number(size), size);
    m_newer = new QPushButton(tr("◀ &Newer"), decisionsTab);
    m_older = new QPushButton(tr("&Older ▶"), decisionsTab);
    m_newer->setShortcut(QKeySequence(Qt::ALT | Qt::Key_PageUp));
    m_older->setShortcut(QKeySequence(Qt::ALT | Qt::Key_PageDown));
    m_newer->setToolTip(tr("Newer decisions (Alt+Page Up)"));
    m_older->setToolTip(tr("Older decisions (Alt+Page Down)"));
    m_pageLabel = new QLabel(decisionsTab);
    auto *filters = new QHBoxLayout;
    filters->addWidget(buddyLabel(tr("&Tenant:"), m_tenant, decisionsTab));
    filters->addWidget(m_tenant);
    filters->addWidget(buddyLabel(tr("A&gent:"), m_agent, decisionsTab));
    filters->addWidget(m_agent);
    filters->addWidget(buddyLabel(tr("&Decision:"), m_decision, decisionsTab));
    filters->addWidget(m_decision);
    filters->addWidget(buddyLabel(tr("Per &page:"), m_pageSize, decisionsTab));
    filters->addWidget(m_pageSize);
    filters->addStretch(1);
    filters->addWidget(m_newer);
    filters->addWidget(m_pageLabel);
    filters->addWidget(m_older);

    m_decisionModel = new JsonArrayModel(
        {
            {tr("Time"), [](const QJsonObject &row) { return Format::localTime(row.value(QStringLiteral("created_at")).toString()); }, {}},
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
    m_decisionTable = makeTable(m_decisionModel, decisionsTab);
    m_decisionTable->setObjectName(QStringLiteral("decisionTable"));
    m_detail = new DecisionDetailView(session(), decisionsTab);
    auto *split = new QSplitter(Qt::Horizontal, decisionsTab);
    split->addWidget(m_decisionTable);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    m_decisionMessage = new MessagePanel(decisionsTab);
    auto *decisionsLayout = new QVBoxLayout(decisionsTab);
    decisionsLayout->addLayout(filters);
    decisionsLayout->addWidget(m_decisionMessage);
    decisionsLayout->addWidget(split, 1);
    m_tabs->addTab(decisionsTab, tr("De&cisions"));

    // Agents tab.
    auto *agentsTab = new QWidget(m_tabs);
    m_agentTenant = new QComboBox(agentsTab);
    m_agentStatus = new QComboBox(agentsTab);
    m_agentStatus->addItem(tr("Active, frozen and revoked"), QString());
    for (const QString &s : {QStringLiteral("active"), QStringLiteral("frozen"), QStringLiteral("revoked"),
             QStringLiteral("deleted")})
        m_agentStatus->addItem(s, s);
    m_showAgentDecisions = new QPushButton(tr("Show this agent's &decisions"), agentsTab);
    auto *agentFilters = new QHBoxLayout;
    agentFilters->addWidget(buddyLabel(tr("&Tenant:"), m_agentTenant, agentsTab));
    agentFilters->addWidget(m_agentTenant);
    agentFilters->addWidget(buddyLabel(tr("&Status:"), m_agentStatus, agentsTab));
    agentFilters->addWidget(m_agentStatus);
    agentFilters->addStretch(1);
    agentFilters->addWidget(m_showAgentDecisions);
    m_agentModel = new JsonArrayModel(
        {
            JsonColumn::field(tr("Agent key"), QStringLiteral("agent_key")),
            JsonColumn::field(tr("Name"), QStringLiteral("name")),
            JsonColumn::field(tr("Tenant"), QStringLiteral("tenant_id")),
            {tr("Status"), [](const QJsonObject &row) { return row.value(QStringLiteral("status")).toString(); },
                [](const QJsonObject &row) -> std::optional<StatusColors::Status> {
                    const QString status = row.value(QStringLiteral("status")).toString();
                    if (status == QLatin1String("active"))
                        return StatusColors::Status::Good;
                    if (status == QLatin1String("frozen"))
                        return StatusColors::Status::Warning;
                    return StatusColors::Status::Bad;
                }},
            JsonColumn::field(tr("Environment"), QStringLiteral("environment")),
            JsonColumn::field(tr("Risk tier"), QStringLiteral("risk_tier")),
            {tr("Registered"), [](const QJsonObject &row) { return Format::localTime(row.value(QStringLiteral("created_at")).toString()); }, {}},
            JsonColumn::field(tr("Id"), QStringLiteral("id")),
        },
        this);
    m_agentTable = makeTable(m_agentModel, agentsTab);
    m_agentTable->setObjectName(QStringLiteral("agentTable"));
    m_agentMessage = new MessagePanel(agentsTab);
    auto *agentsLayout = new QVBoxLayout(agentsTab);
    agentsLayout->addLayout(agentFilters);
    agentsLayout->addWidget(m_agentMessage);
    agentsLayout->addWidget(m_agentTable, 1);
    m_tabs->addTab(agentsTab, tr("A&gents"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);

    auto reload = [this] {
        m_pager.reset();
        loadDecisions();
    };
    connect(m_tenant, &QComboBox::activated, this, [this, reload] {
        fillAgentFilter();
        reload();
    });
    connect(m_agent, &QComboBox::activated, this, reload);
    connect(m_decision, &QComboBox::activated, this, reload);
    connect(m_pageSize, &QComboBox::activated, this, reload);
    connect(m_older, &QPushButton::clicked, this, [this] {
        if (m_pager.older())
            loadDecisions();
    });
    connect(m_newer, &QPushButton::clicked, this, [this] {
        if (m_pager.newer())
            loadDecisions();
    });
    connect(m_decisionTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        &AgentsDecisionsPage::showSelectedDecision);
    connect(m_detail, &DecisionDetailView::verifyChainRequested, this, [this](const QString &tenant) {
        this->context().openPage(PageId::Verification, {{QStringLiteral("source"), QStringLiteral("live")},
                                                           {QStringLiteral("tenant"), tenant},
                                                           {QStringLiteral("start"), true}});
    });
    connect(m_agentTenant, &QComboBox::activated, this, &AgentsDecisionsPage::loadAgents);
    connect(m_agentStatus, &QComboBox::activated, this, &AgentsDecisionsPage::loadAgents);
    connect(m_showAgentDecisions, &QPushButton::clicked, this, [this] {
        const QJsonObject agent = m_agentModel->row(m_agentTable->currentIndex().row());
        if (agent.isEmpty())
            return;
        m_tenant->setCurrentIndex(qMax(0, m_tenant->findData(agent.value(QStringLiteral("tenant_id")).toString())));
        fillAgentFilter();
        m_agent->setCurrentIndex(qMax(0, m_agent->findData(agent.value(QStringLiteral("id")).toString())));
        m_decision->setCurrentIndex(0);
        m_tabs->setCurrentIndex(0);
        m_pager.reset();
        loadDecisions();
    });
    m_newer->setEnabled(false);
    m_older->setEnabled(false);
}

void AgentsDecisionsPage::connectionChanged()
{
    m_loaded = false;
    m_agentKeys.clear();
    m_decisionModel->setRows({});
    m_agentModel->setRows({});
    m_detail->clear();
    m_tenant->clear();
    m_agentTenant->clear();
    if (isVisible())
        refresh();
}

void AgentsDecisionsPage::pageShown()
{
    if (!m_loaded)
        refresh();
}

void AgentsDecisionsPage::refresh()
{
    if (!session().isConfigured())
        return;
    m_loaded = true;
    loadTenants();
    loadAgents();
    loadDecisions();
}

void AgentsDecisionsPage::handleRequest(const QVariantMap &request)
{
    Q_UNUSED(request);
    refresh();
}

void AgentsDecisionsPage::loadTenants()
{
    GatewayReply *reply = session().get(QStringLiteral("/v1/tenants"), this);
    connect(reply, &GatewayReply::finished, this, [this, reply] {
        reply->deleteLater();
        if (!reply->ok())
            return;
        const QString tenant = m_tenant->currentData().toString();
        const QString agentTenant = m_agentTenant->currentData().toString();
        for (QComboBox *combo : {m_tenant, m_agentTenant}) {
            combo->clear();
            combo->addItem(tr("All tenants"), QString());
            for (const QJsonValue &value : reply->json().array()) {
                const QJsonObject t = value.toObject();
                const QString id = t.value(QStringLiteral("id")).toString();
                const QString name = t.value(QStringLiteral("name")).toString();
                combo->addItem(name.isEmpty() || name == id ? id : tr("%1 (%2)").arg(name, id), id);
            }
        }
        m_tenant->setCurrentIndex(qMax(0, m_tenant->findData(tenant)));
        m_agentTenant->setCurrentIndex(qMax(0, m_agentTenant->findData(agentTenant)));
    });
}

void AgentsDecisionsPage::loadAgents()
{
    if (!session().isConfigured())
        return;
    delete m_agentReply;
    // tenant_id and status are always sent, empty when not filtered: the
    // gateway reads an absent parameter as SQL NULL and then lists nothing.
    // A null QString would be sent as a bare key without "=": "" it is.
    auto present = [](const QString &value) { return value.isNull() ? QStringLiteral("") : value; };
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("200"));
    query.addQueryItem(QStringLiteral("tenant_id"), present(m_agentTenant->currentData().toString()));
    query.addQueryItem(QStringLiteral("status"), present(m_agentStatus->currentData().toString()));
    fetchAgents(query, QString(), QJsonArray());
}

void AgentsDecisionsPage::fetchAgents(const QUrlQuery &query, const QString &cursor, const QJsonArray &sofar)
{
    QUrlQuery page = query;
    if (!cursor.isEmpty())
        page.addQueryItem(QStringLiteral("cursor"), cursor);
    m_agentReply = session().get(QStringLiteral("/v1/agents?") + page.toString(QUrl::FullyEncoded), this);
    connect(m_agentReply, &GatewayReply::finished, this, [this, reply = m_agentReply.data(), query, sofar] {
        reply->deleteLater();
        if (!reply->ok()) {
            if (reply->failure() != GatewayReply::Failure::Cancelled)
                m_agentMessage->showMessage(StatusColors::Status::Bad,
                    tr("The agents could not be loaded: %1").arg(reply->errorText()), reply->detail());
            return;
        }
        QJsonArray all = sofar;
        for (const QJsonValue &agent : reply->json().array())
            all.append(agent);
        const QString next = QString::fromLatin1(reply->header("X-Next-Cursor"));
        if (!next.isEmpty() && all.size() < MaxAgents) {
            fetchAgents(query, next, all);
            return;
        }
        m_agentMessage->clear();
        m_agentModel->setRows(all);
        for (const QJsonValue &value : std::as_const(all)) {
            const QJsonObject agent = value.toObject();
            m_agentKeys.insert(agent.value(QStringLiteral("id")).toString(),
                agent.value(QStringLiteral("agent_key")).toString());
        }
        // The decision table's agent column now has names for its ids.
        m_decisionModel->refreshAll();
        fillAgentFilter();
        m_agentTable->resizeColumnsToContents();
        Q_EMIT agentsLoaded();
    });
}

void AgentsDecisionsPage::fillAgentFilter()
{
    const QString tenant = m_tenant->currentData().toString();
    const QString selected = m_agent->currentData().toString();
    m_agent->clear();
    m_agent->addItem(tr("Any"), QString());
    for (int i = 0; i < m_agentModel->rowCount(); ++i) {
        const QJsonObject agent = m_agentModel->row(i);
        if (!tenant.isEmpty() && agent.value(QStringLiteral("tenant_id")).toString() != tenant)
            continue;
        m_agent->addItem(agent.value(QStringLiteral("agent_key")).toString(), agent.value(QStringLiteral("id")).toString());
    }
    m_agent->setCurrentIndex(qMax(0, m_agent->findData(selected)));
}

QString AgentsDecisionsPage::agentLabel(const QString &agentId) const
{
    const QString key = m_agentKeys.value(agentId);
    return key.isEmpty() ? agentId.left(8) : key;
}

void AgentsDecisionsPage::loadDecisions()
{
    if (!session().isConfigured())
        return;
    delete m_decisionReply;
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
    m_decisionReply = session().get(QStringLiteral("/v1/decisions?") + query.toString(QUrl::FullyEncoded), this);
    connect(m_decisionReply, &GatewayReply::finished, this, [this, reply = m_decisionReply.data()] {
        reply->deleteLater();
        onDecisions(*reply);
    });
}

void AgentsDecisionsPage::onDecisions(GatewayReply &reply)
{
    m_newer->setEnabled(m_pager.hasNewer());
    if (!reply.ok()) {
        if (reply.failure() != GatewayReply::Failure::Cancelled)
            m_decisionMessage->showMessage(StatusColors::Status::Bad,
                tr("The decisions could not be loaded: %1").arg(reply.errorText()), reply.detail());
        return;
    }
    m_decisionMessage->clear();
    const QString selectedId = m_detail->isVisible()
        ? m_decisionModel->row(m_decisionTable->currentIndex().row()).value(QStringLiteral("id")).toString()
        : QString();
    m_pager.setNext(QString::fromLatin1(reply.header("X-Next-Cursor")));
    m_older->setEnabled(m_pager.hasOlder());
    const QJsonArray rows = reply.json().array();
    m_decisionModel->setRows(rows);
    if (rows.isEmpty()) {
        m_decisionMessage->showMessage(StatusColors::Status::Neutral,
            m_pager.pageNumber() == 1 ? tr("No decisions match these filters.") : tr("No older decisions."));
    }
    m_decisionTable->resizeColumnsToContents();
    const int again = selectedId.isEmpty() ? -1 : m_decisionModel->find(QStringLiteral("id"), selectedId);
    if (again >= 0)
        m_decisionTable->selectRow(again);
    else
        m_detail->clear();
    Q_EMIT decisionsLoaded();
}

void AgentsDecisionsPage::showSelectedDecision()
{
    const QJsonObject decision = m_decisionModel->row(m_decisionTable->currentIndex().row());
    if (decision.isEmpty()) {
        m_detail->clear();
        return;
    }
    const QString agentId = decision.value(QStringLiteral("agent_id")).toString();
    const QString key = m_agentKeys.value(agentId);
    m_detail->showDecision(decision, key.isEmpty() ? agentId : tr("%1 (%2)").arg(key, agentId));
}

} // namespace aegis::console
