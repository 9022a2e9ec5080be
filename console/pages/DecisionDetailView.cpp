#include "console/pages/DecisionDetailView.h"

#include "common/client/GatewayReply.h"
#include "console/connection/GatewaySession.h"
#include "console/pages/DecisionStyle.h"
#include "console/util/Format.h"
#include "console/widgets/InfoCard.h"
#include "console/widgets/MessagePanel.h"
#include "console/widgets/StatusBadge.h"

#include <QClipboard>
#include <QFontDatabase>
#include <QUrl>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace aegis::console {

namespace {

using Status = StatusColors::Status;

QString text(const QJsonObject &object, const QString &key)
{
    return Format::value(object.value(key));
}

// From its start: a hash is recognised by its first digits. Where the
// panel is too narrow for the whole value, the tooltip shows it whole.
void showValue(QLineEdit *field, const QString &value)
{
    field->setText(value);
    field->setToolTip(value);
    field->setCursorPosition(0);
}

} // namespace

DecisionDetailView::DecisionDetailView(GatewaySession &session, QWidget *parent)
    : QWidget(parent)
    , m_session(session)
    , m_placeholder(new QLabel(tr("Select a decision to see it with its receipt."), this))
    , m_content(new QWidget(this))
    , m_scroll(new QScrollArea(this))
{
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);

    auto *decision = new InfoCard(tr("Decision"), m_content);
    m_decisionBadge = decision->addBadgeRow(tr("Decision:"), QStringLiteral("decisionBadge"));
    m_reason = decision->addRow(tr("Reason:"));
    m_risk = decision->addRow(tr("Risk:"));
    m_time = decision->addRow(tr("Time:"));
    m_tenant = decision->addRow(tr("Tenant:"));
    m_agent = decision->addRow(tr("Agent:"));
    m_user = decision->addRow(tr("User:"));
    m_run = decision->addRow(tr("Run / trace:"));
    m_call = decision->addRow(tr("Tool call:"));
    m_mutates = decision->addRow(tr("Changes state:"));
    m_parameters = decision->addRow(tr("Parameters:"));
    m_policies = decision->addRow(tr("Matched rules:"));
    m_decisionId = decision->addValueField(tr("Decision id:"));

    auto *receipt = new InfoCard(tr("Receipt"), m_content);
    m_check = receipt->addBadgeRow(tr("Hash check:"), QStringLiteral("receiptCheckBadge"));
    m_seq = receipt->addRow(tr("Seq:"), QStringLiteral("receiptSeq"));
    m_receiptId = receipt->addValueField(tr("Receipt id:"));
    m_receiptHash = receipt->addValueField(tr("Receipt hash:"));
    m_prevHash = receipt->addValueField(tr("Previous hash:"));
    m_actionHash = receipt->addValueField(tr("Action hash:"));
    m_signature = receipt->addRow(tr("Signature:"));
    m_message = new MessagePanel(m_content);

    m_copy = new QPushButton(tr("&Copy as JSON"), m_content);
    m_copy->setToolTip(tr("Copy the decision and its receipt to the clipboard"));
    connect(m_copy, &QPushButton::clicked, this, [this] {
        const QJsonObject both{{QStringLiteral("decision"), m_decision}, {QStringLiteral("receipt"), m_receipt}};
        QGuiApplication::clipboard()->setText(QString::fromUtf8(QJsonDocument(both).toJson(QJsonDocument::Indented)));
    });
    m_verifyChain = new QPushButton(tr("Verify this tenant's &chain"), m_content);
    connect(m_verifyChain, &QPushButton::clicked, this,
        [this] { Q_EMIT verifyChainRequested(m_decision.value(QStringLiteral("tenant_id")).toString()); });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_copy);
    buttons->addWidget(m_verifyChain);
    buttons->addStretch(1);

    auto *contentLayout = new QVBoxLayout(m_content);
    contentLayout->setContentsMargins(0, 0, 0, 0);
    contentLayout->addWidget(decision);
    contentLayout->addWidget(receipt);
    contentLayout->addWidget(m_message);
    contentLayout->addLayout(buttons);
    contentLayout->addStretch(1);

    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_scroll->setWidget(m_content);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_placeholder);
    layout->addWidget(m_scroll, 1);
    m_scroll->setVisible(false);
}

void DecisionDetailView::clear()
{
    delete m_receiptReply;
    delete m_verifyReply;
    m_decision = {};
    m_receipt = {};
    m_receiptDone = false;
    m_verifyDone = false;
    m_placeholder->setVisible(true);
    m_scroll->setVisible(false);
}

void DecisionDetailView::showDecision(const QJsonObject &decision, const QString &agentLabel)
{
    clear();
    m_decision = decision;
    m_placeholder->setVisible(false);
    m_scroll->setVisible(true);

    const QString outcome = decision.value(QStringLiteral("decision")).toString();
    m_decisionBadge->setStatus(DecisionStyle::status(outcome), DecisionStyle::label(outcome));
    m_reason->setText(text(decision, QStringLiteral("reason")));
    m_risk->setText(tr("%1 (score %2)").arg(text(decision, QStringLiteral("risk_level")),
        text(decision, QStringLiteral("risk_score"))));
    m_time->setText(Format::localTime(decision.value(QStringLiteral("created_at")).toString()));
    m_tenant->setText(text(decision, QStringLiteral("tenant_id")));
    m_agent->setText(agentLabel);
    m_user->setText(text(decision, QStringLiteral("user_id")));
    m_run->setText(tr("%1 / %2").arg(text(decision, QStringLiteral("run_id")), text(decision, QStringLiteral("trace_id"))));
    m_call->setText(tr("%1 · %2 · %3").arg(text(decision, QStringLiteral("tool")), text(decision, QStringLiteral("action")),
        text(decision, QStringLiteral("resource"))));
    m_mutates->setText(text(decision, QStringLiteral("mutates_state")));
    m_parameters->setText(text(decision, QStringLiteral("parameters")));
    QStringList policies;
    for (const QJsonValue &policy : decision.value(QStringLiteral("matched_policies")).toArray())
        policies.append(policy.toString());
    m_policies->setText(policies.isEmpty() ? tr("none (fail closed)") : policies.join(QStringLiteral(", ")));
    showValue(m_decisionId, text(decision, QStringLiteral("id")));

    m_check->setStatus(Status::Neutral, tr("Checking…"));
    for (QLabel *label : {m_seq, m_signature})
        label->setText(Format::unknown());
    for (QLineEdit *field : {m_receiptId, m_receiptHash, m_prevHash, m_actionHash})
        showValue(field, Format::unknown());
    m_message->clear();

    const QString receiptId = decision.value(QStringLiteral("receipt_id")).toString();
    if (receiptId.isEmpty()) {
        m_check->setStatus(Status::Bad, tr("This decision has no receipt"));
        return;
    }
    showValue(m_receiptId, receiptId);
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(receiptId));
    m_receiptReply = m_session.get(QStringLiteral("/v1/receipts/") + encoded, this);
    connect(m_receiptReply, &GatewayReply::finished, this, [this, reply = m_receiptReply.data()] {
        reply->deleteLater();
        onReceipt(*reply);
    });
    m_verifyReply = m_session.get(QStringLiteral("/v1/receipts/") + encoded + QStringLiteral("/verify"), this);
    connect(m_verifyReply, &GatewayReply::finished, this, [this, reply = m_verifyReply.data()] {
        reply->deleteLater();
        onVerify(*reply);
    });
}

void DecisionDetailView::onReceipt(GatewayReply &reply)
{
    m_receiptDone = true;
    if (m_verifyDone)
        QMetaObject::invokeMethod(this, &DecisionDetailView::receiptLoaded, Qt::QueuedConnection);
    if (!reply.ok()) {
        if (reply.failure() != GatewayReply::Failure::Cancelled)
            m_message->showMessage(Status::Bad, tr("The receipt could not be loaded: %1").arg(reply.errorText()),
                reply.detail());
        return;
    }
    m_receipt = reply.json().object();
    m_seq->setText(text(m_receipt, QStringLiteral("seq")));
    showValue(m_receiptHash, text(m_receipt, QStringLiteral("receipt_hash")));
    const QString prev = m_receipt.value(QStringLiteral("prev_receipt_hash")).toString();
    showValue(m_prevHash, prev.isEmpty() ? tr("(none: first receipt of the chain)") : prev);
    const QString actionHash = m_receipt.value(QStringLiteral("action_hash")).toString();
    const QString decisionActionHash = m_decision.value(QStringLiteral("action_hash")).toString();
    if (!decisionActionHash.isEmpty() && decisionActionHash != actionHash)
        showValue(m_actionHash, tr("%1 (differs from the decision's %2)").arg(actionHash, decisionActionHash));
    else
        showValue(m_actionHash, actionHash);
}

void DecisionDetailView::onVerify(GatewayReply &reply)
{
    m_verifyDone = true;
    if (m_receiptDone)
        QMetaObject::invokeMethod(this, &DecisionDetailView::receiptLoaded, Qt::QueuedConnection);
    if (!reply.ok()) {
        if (reply.failure() != GatewayReply::Failure::Cancelled)
            m_check->setStatus(Status::Warning, tr("Could not be checked: %1").arg(reply.errorText()));
        return;
    }
    const QJsonObject verify = reply.json().object();
    if (verify.value(QStringLiteral("verified")).toBool()) {
        m_check->setStatus(Status::Good, tr("The receipt matches its hash"));
    } else {
        m_check->setStatus(Status::Bad, tr("The receipt does NOT match its hash: it was edited after it was written"));
        m_message->showMessage(Status::Bad,
            tr("This receipt's content no longer gives its stored hash. Verify the tenant's chain to see what "
               "else changed."),
            tr("stored hash     %1\nrecomputed hash %2")
                .arg(verify.value(QStringLiteral("receipt_hash")).toString(),
                    verify.value(QStringLiteral("recomputed_hash")).toString()));
    }
    if (verify.value(QStringLiteral("signed")).toBool()) {
        const QJsonValue ok = verify.value(QStringLiteral("signature_verified"));
        m_signature->setText(ok.toBool() ? tr("signed, signature valid (key %1)")
                                               .arg(Format::value(verify.value(QStringLiteral("signer_key_id"))))
                                         : tr("signed, but the signature does NOT verify"));
    } else {
        m_signature->setText(tr("not signed"));
    }
}

} // namespace aegis::console
