#include "console/pages/AgentsPage.h"

#include "common/client/GatewayReply.h"
#include "console/connection/GatewaySession.h"
#include "console/models/JsonArrayModel.h"
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
#include <QTableView>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace aegis::console {

namespace {

// Enough for any installation this console is for; beyond it the decision
// table's agent column shows ids.
constexpr int MaxAgents = 2000;

} // namespace

AgentsPage::AgentsPage(GatewaySession &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
{
    QLayout *filters = buildFilters();
    m_model = buildModel();
    m_table = RecordTable::createStriped(m_model, this);
    m_table->setObjectName(QStringLiteral("agentTable"));
    m_message = new MessagePanel(this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_message);
    layout->addWidget(m_table, 1);

    connect(m_tenant, &QComboBox::activated, this, &AgentsPage::load);
    connect(m_status, &QComboBox::activated, this, &AgentsPage::load);
    connect(m_showDecisions, &QPushButton::clicked, this, [this] {
        const QJsonObject agent = m_model->row(m_table->currentIndex().row());
        if (!agent.isEmpty())
            Q_EMIT decisionsOfAgentRequested(agent.value(QStringLiteral("tenant_id")).toString(),
                agent.value(QStringLiteral("id")).toString());
    });
}

QLayout *AgentsPage::buildFilters()
{
    m_tenant = new QComboBox(this);
    m_status = new QComboBox(this);
    m_status->addItem(tr("Active, frozen and revoked"), QString());
    for (const QString &s : {QStringLiteral("active"), QStringLiteral("frozen"), QStringLiteral("revoked"),
             QStringLiteral("deleted")})
        m_status->addItem(s, s);
    m_showDecisions = new QPushButton(tr("Show this agent's &decisions"), this);
    auto *filters = new QHBoxLayout;
    filters->addWidget(BuddyLabel::create(tr("&Tenant:"), m_tenant, this));
    filters->addWidget(m_tenant);
    filters->addWidget(BuddyLabel::create(tr("&Status:"), m_status, this));
    filters->addWidget(m_status);
    filters->addStretch(1);
    filters->addWidget(m_showDecisions);
    return filters;
}

JsonArrayModel *AgentsPage::buildModel()
{
    return new JsonArrayModel(
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
            JsonColumn::time(tr("Registered"), QStringLiteral("created_at")),
            JsonColumn::field(tr("Id"), QStringLiteral("id")),
        },
        this);
}

void AgentsPage::clear()
{
    m_model->setRows({});
    m_tenant->clear();
}

void AgentsPage::setTenants(const QJsonArray &tenants)
{
    TenantFilter::fill(m_tenant, tenants);
}

void AgentsPage::load()
{
    if (!m_session.isConfigured())
        return;
    delete m_reply;
    // tenant_id and status are always sent, empty when not filtered: the
    // gateway reads an absent parameter as SQL NULL and then lists nothing.
    // A null QString would be sent as a bare key without "=": "" it is.
    auto present = [](const QString &value) { return value.isNull() ? QStringLiteral("") : value; };
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("limit"), QStringLiteral("200"));
    query.addQueryItem(QStringLiteral("tenant_id"), present(m_tenant->currentData().toString()));
    query.addQueryItem(QStringLiteral("status"), present(m_status->currentData().toString()));
    fetch(query, QString(), QJsonArray());
}

void AgentsPage::fetch(const QUrlQuery &query, const QString &cursor, const QJsonArray &sofar)
{
    QUrlQuery page = query;
    if (!cursor.isEmpty())
        page.addQueryItem(QStringLiteral("cursor"), cursor);
    m_reply = m_session.get(QStringLiteral("/v1/agents?") + page.toString(QUrl::FullyEncoded), this);
    connect(m_reply, &GatewayReply::finished, this, [this, reply = m_reply.data(), query, sofar] {
        reply->deleteLater();
        if (!reply->ok()) {
            if (reply->failure() != GatewayReply::Failure::Cancelled)
                m_message->showMessage(StatusColors::Status::Bad,
                    tr("The agents could not be loaded: %1").arg(reply->errorText()), reply->detail());
            return;
        }
        QJsonArray all = sofar;
        for (const QJsonValue &agent : reply->json().array())
            all.append(agent);
        const QString next = QString::fromLatin1(reply->header("X-Next-Cursor"));
        if (!next.isEmpty() && all.size() < MaxAgents) {
            fetch(query, next, all);
            return;
        }
        m_message->clear();
        m_model->setRows(all);
        m_table->resizeColumnsToContents();
        Q_EMIT agentsLoaded(all);
    });
}

} // namespace aegis::console
