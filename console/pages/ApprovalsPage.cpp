#include "console/pages/ApprovalsPage.h"

#include "console/connection/GatewaySession.h"
#include "console/models/JsonArrayModel.h"
#include "console/pages/ApprovalText.h"
#include "console/util/Format.h"
#include "console/widgets/MessagePanel.h"
#include "console/widgets/RecordTable.h"

#include <QFontDatabase>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace aegis::console {

namespace {

const QString ApproverKey = QStringLiteral("approvals/approver");
const QString RefreshKey = QStringLiteral("approvals/refreshSeconds");

// An approval that expired was decided by the clock, when it expired.
QString decidedAt(const QJsonObject &row)
{
    const QJsonValue decided = row.value(QStringLiteral("decided_at"));
    return decided.isString() ? decided.toString() : row.value(QStringLiteral("expires_at")).toString();
}

std::optional<StatusColors::Status> statusColour(const QJsonObject &row)
{
    const QString status = row.value(QStringLiteral("status")).toString();
    if (status == QLatin1String("APPROVED") || status == QLatin1String("CONSUMED"))
        return StatusColors::Status::Good;
    if (status == QLatin1String("REJECTED"))
        return StatusColors::Status::Bad;
    if (status == QLatin1String("EXPIRED"))
        return StatusColors::Status::Warning;
    return StatusColors::Status::Neutral;
}

QString callField(const QJsonObject &row, const QString &key)
{
    return Format::value(row.value(QStringLiteral("tool_call")).toObject().value(key));
}

QLabel *buddyLabel(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

} // namespace

ApprovalsPage::ApprovalsPage(ConsoleContext &context, QWidget *parent)
    : ConsolePage(context, parent)
    , m_tabs(new QTabWidget(this))
{
    // Pending.
    auto *pendingTab = new QWidget(m_tabs);
    m_approver = new QLineEdit(context.settings->value(ApproverKey).toString(), pendingTab);
    m_approver->setObjectName(QStringLiteral("approverName"));
    m_approver->setPlaceholderText(tr("the name the evidence will carry"));
    m_approver->setMaxLength(200);
    auto *nameRow = new QHBoxLayout;
    nameRow->addWidget(buddyLabel(tr("Your &name:"), m_approver, pendingTab));
    nameRow->addWidget(m_approver, 1);
    nameRow->addStretch(1);

    m_pendingModel = new JsonArrayModel(
        {
            {tr("Time left"),
                [](const QJsonObject &row) {
                    return ApprovalText::timeLeft(row.value(QStringLiteral("expires_at")).toString(),
                        QDateTime::currentDateTimeUtc());
                },
                [](const QJsonObject &row) {
                    return ApprovalText::urgency(row.value(QStringLiteral("expires_at")).toString(),
                        QDateTime::currentDateTimeUtc());
                }},
            JsonColumn::time(tr("Requested"), QStringLiteral("created_at")),
            {tr("Agent"), [this](const QJsonObject &row) { return agentLabel(row); }, {}},
            {tr("Tool"), [](const QJsonObject &row) { return callField(row, QStringLiteral("tool")); }, {}},
            {tr("Action"), [](const QJsonObject &row) { return callField(row, QStringLiteral("action")); }, {}},
            {tr("Resource"), [](const QJsonObject &row) { return callField(row, QStringLiteral("resource")); }, {}},
            JsonColumn::field(tr("Group"), QStringLiteral("approver_group")),
        },
        this);
    m_pendingTable = RecordTable::create(m_pendingModel, pendingTab);
    m_pendingTable->setObjectName(QStringLiteral("pendingTable"));
    m_pendingTable->setAlternatingRowColors(true);

    auto *side = new QWidget(pendingTab);
    m_detail = new QPlainTextEdit(side);
    m_detail->setObjectName(QStringLiteral("approvalDetail"));
    m_detail->setReadOnly(true);
    m_detail->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_detail->setPlaceholderText(tr("Select a call to see exactly what it would do."));
    m_reason = new QLineEdit(side);
    m_reason->setObjectName(QStringLiteral("approvalReason"));
    m_reason->setPlaceholderText(tr("why (kept with the decision)"));
    m_reason->setMaxLength(2000);
    m_approve = new QPushButton(tr("&Approve…"), side);
    m_approve->setObjectName(QStringLiteral("approveButton"));
    m_reject = new QPushButton(tr("Re&ject"), side);
    m_reject->setObjectName(QStringLiteral("rejectButton"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(buddyLabel(tr("&Reason:"), m_reason, side));
    buttons->addWidget(m_reason, 1);
    buttons->addWidget(m_approve);
    buttons->addWidget(m_reject);
    auto *sideLayout = new QVBoxLayout(side);
    sideLayout->setContentsMargins(0, 0, 0, 0);
    sideLayout->addWidget(m_detail, 1);
    sideLayout->addLayout(buttons);

    auto *split = new QSplitter(Qt::Horizontal, pendingTab);
    split->addWidget(m_pendingTable);
    split->addWidget(side);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    m_message = new MessagePanel(pendingTab);
    auto *pendingLayout = new QVBoxLayout(pendingTab);
    pendingLayout->addLayout(nameRow);
    pendingLayout->addWidget(m_message);
    pendingLayout->addWidget(split, 1);
    m_tabs->addTab(pendingTab, tr("&Pending"));

    // History.
    auto *historyTab = new QWidget(m_tabs);
    m_historyModel = new JsonArrayModel(
        {
            {tr("Decided"), [](const QJsonObject &row) { return Format::localTime(decidedAt(row)); }, {},
                [](const QJsonObject &row) { return Format::utcTime(decidedAt(row)); }},
            {tr("Status"), [](const QJsonObject &row) { return row.value(QStringLiteral("status")).toString().toLower(); }, statusColour},
            JsonColumn::field(tr("Approver"), QStringLiteral("approver_user_id")),
            {tr("Agent"), [this](const QJsonObject &row) { return agentLabel(row); }, {}},
            {tr("Tool"), [](const QJsonObject &row) { return callField(row, QStringLiteral("tool")); }, {}},
            {tr("Action"), [](const QJsonObject &row) { return callField(row, QStringLiteral("action")); }, {}},
            {tr("Resource"), [](const QJsonObject &row) { return callField(row, QStringLiteral("resource")); }, {}},
            JsonColumn::field(tr("Reason"), QStringLiteral("reason")),
            {tr("Action hash"), [](const QJsonObject &row) { return Format::shortHash(row.value(QStringLiteral("action_hash")).toString()); }, {}},
        },
        this);
    m_historyTable = RecordTable::create(m_historyModel, historyTab);
    m_historyTable->setObjectName(QStringLiteral("historyTable"));
    m_historyTable->setAlternatingRowColors(true);
    auto *historyLayout = new QVBoxLayout(historyTab);
    historyLayout->addWidget(m_historyTable);
    m_tabs->addTab(historyTab, tr("&History"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs);

    connect(m_pendingTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &ApprovalsPage::showSelected);
    connect(m_approver, &QLineEdit::textChanged, this, &ApprovalsPage::updateButtons);
    connect(m_approver, &QLineEdit::editingFinished, this, [this] {
        this->context().settings->setValue(ApproverKey, m_approver->text().trimmed());
    });
    connect(m_approve, &QPushButton::clicked, this, [this] { decide(true); });
    connect(m_reject, &QPushButton::clicked, this, [this] { decide(false); });

    // The queue is reloaded on its own, visible or not: the count in the
    // navigation is how an operator learns that someone waits.
    m_timer.setInterval(qMax(1, context.settings->value(RefreshKey, 10).toInt()) * 1000);
    connect(&m_timer, &QTimer::timeout, this, &ApprovalsPage::load);
    m_timer.start();
    updateButtons();
}

void ApprovalsPage::connectionChanged()
{
    m_loaded = false;
    m_pendingModel->setRows({});
    m_historyModel->setRows({});
    m_detail->clear();
    Q_EMIT navigationBadgeChanged(QString());
    refresh();
}

void ApprovalsPage::pageShown()
{
    if (!m_loaded)
        refresh();
}

void ApprovalsPage::refresh()
{
    if (!session().isConfigured())
        return;
    m_loaded = true;
    load();
}

void ApprovalsPage::cancelWork()
{
    m_timer.stop();
    delete m_reply;
}

void ApprovalsPage::load()
{
    if (!session().isConfigured() || m_reply)
        return;
    m_reply = session().get(QStringLiteral("/v1/approvals?limit=200"), this);
    connect(m_reply, &GatewayReply::finished, this, [this, reply = m_reply.data()] {
        reply->deleteLater();
        onLoaded(*reply);
    });
}

void ApprovalsPage::onLoaded(GatewayReply &reply)
{
    if (!reply.ok()) {
        if (reply.failure() != GatewayReply::Failure::Cancelled)
            m_message->showMessage(StatusColors::Status::Bad,
                tr("The approvals could not be loaded: %1").arg(reply.errorText()), reply.detail());
        return;
    }
    const QString selectedId = selected().value(QStringLiteral("approval_id")).toString();
    QJsonArray pending, decided;
    for (const QJsonValue &value : reply.json().array()) {
        if (value.toObject().value(QStringLiteral("status")).toString() == QLatin1String("created"))
            pending.append(value);
        else
            decided.append(value);
    }
    m_pendingModel->setRows(pending);
    m_historyModel->setRows(decided);
    m_pendingTable->resizeColumnsToContents();
    m_historyTable->resizeColumnsToContents();
    const int again = selectedId.isEmpty() ? -1 : m_pendingModel->find(QStringLiteral("approval_id"), selectedId);
    if (again >= 0)
        m_pendingTable->selectRow(again);
    else if (pending.isEmpty())
        m_detail->clear();
    else
        m_pendingTable->selectRow(0);
    Q_EMIT navigationBadgeChanged(pending.isEmpty() ? QString() : QString::number(pending.size()));
    updateButtons();
    Q_EMIT approvalsLoaded();
}

QJsonObject ApprovalsPage::selected() const
{
    const QModelIndex current = m_pendingTable->currentIndex();
    return current.isValid() ? m_pendingModel->row(current.row()) : QJsonObject();
}

QString ApprovalsPage::agentLabel(const QJsonObject &approval) const
{
    const QString key = approval.value(QStringLiteral("agent_key")).toString();
    const QString id = approval.value(QStringLiteral("agent_id")).toString();
    return key.isEmpty() ? id : tr("%1 (%2)").arg(key, approval.value(QStringLiteral("tenant_id")).toString());
}

void ApprovalsPage::showSelected()
{
    const QJsonObject approval = selected();
    if (approval.isEmpty())
        m_detail->clear();
    else
        m_detail->setPlainText(ApprovalText::exactCall(approval, agentLabel(approval)));
    updateButtons();
}

void ApprovalsPage::updateButtons()
{
    const bool ready = !selected().isEmpty() && !m_approver->text().trimmed().isEmpty();
    m_approve->setEnabled(ready);
    m_reject->setEnabled(ready);
    const QString why = m_approver->text().trimmed().isEmpty() ? tr("Enter your name first: the evidence names who decided.")
                                                               : QString();
    m_approve->setToolTip(why);
    m_reject->setToolTip(why);
}

void ApprovalsPage::decide(bool approve)
{
    const QJsonObject approval = selected();
    const QString approver = m_approver->text().trimmed();
    if (approval.isEmpty() || approver.isEmpty())
        return;
    context().settings->setValue(ApproverKey, approver);
    const QString id = approval.value(QStringLiteral("approval_id")).toString();
    if (approve) {
        QMessageBox confirm(QMessageBox::Question, tr("Approve this call?"),
            tr("Approve exactly this call, once, as %1?").arg(approver), QMessageBox::NoButton, this);
        // Monospaced, so that the call reads as in the detail pane.
        confirm.setInformativeText(QStringLiteral("<pre>%1</pre>")
                                       .arg(ApprovalText::exactCall(approval, agentLabel(approval)).toHtmlEscaped()));
        QPushButton *yes = confirm.addButton(tr("&Approve"), QMessageBox::AcceptRole);
        QPushButton *no = confirm.addButton(tr("&Cancel"), QMessageBox::RejectRole);
        confirm.setDefaultButton(no);
        confirm.exec();
        if (confirm.clickedButton() != yes)
            return;
    }
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("approver"), approver},
                                                      {QStringLiteral("reason"), m_reason->text()}})
                                .toJson(QJsonDocument::Compact);
    const QString path = QStringLiteral("/v1/approvals/%1/%2").arg(id, approve ? QStringLiteral("approve") : QStringLiteral("reject"));
    const QString what = tr("%1.%2").arg(callField(approval, QStringLiteral("tool")), callField(approval, QStringLiteral("action")));
    m_approve->setEnabled(false);
    m_reject->setEnabled(false);
    GatewayReply *reply = session().post(path, body, this);
    connect(reply, &GatewayReply::finished, this, [this, reply, approve, what, approver] {
        reply->deleteLater();
        if (reply->ok()) {
            m_message->showMessage(StatusColors::Status::Good,
                approve ? tr("Approved %1 as %2. The agent may now run it once.").arg(what, approver)
                        : tr("Rejected %1 as %2.").arg(what, approver));
            m_reason->clear();
        } else {
            const QString reason = reply->json().object().value(QStringLiteral("reason")).toString();
            QString text = reply->errorText();
            if (reason == QLatin1String("approval_expired"))
                text = tr("it expired before the decision arrived");
            else if (reason == QLatin1String("approval_already_decided"))
                text = tr("someone else decided it first");
            m_message->showMessage(StatusColors::Status::Bad, tr("%1 was not decided: %2").arg(what, text), reply->detail());
        }
        Q_EMIT decisionAnswered(reply->ok());
        load();
    });
}

} // namespace aegis::console
