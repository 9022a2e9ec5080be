#pragma once

#include "common/client/GatewayReply.h"
#include <QJsonObject>
#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QScrollArea;

namespace aegis::console {

class GatewaySession;
class InfoCard;
class MessagePanel;
class StatusBadge;

// One decision with its receipt, and whether the receipt still matches its
// hash: the runbook's spot-check in one place.
class DecisionDetailView : public QWidget
{
    Q_OBJECT

public:
    DecisionDetailView(GatewaySession &session, QWidget *parent = nullptr);

    void showDecision(const QJsonObject &decision, const QString &agentLabel);
    void clear();
    QJsonObject receipt() const { return m_receipt; }
    StatusBadge *receiptCheck() const { return m_check; }

Q_SIGNALS:
    void verifyChainRequested(const QString &tenantId);
    // The receipt and its check are in.
    void receiptLoaded();

private:
    void onReceipt(GatewayReply &reply);
    void onVerify(GatewayReply &reply);

    GatewaySession &m_session;
    QJsonObject m_decision;
    QJsonObject m_receipt;
    QPointer<GatewayReply> m_receiptReply;
    QPointer<GatewayReply> m_verifyReply;
    bool m_receiptDone = false;
    bool m_verifyDone = false;

    QLabel *m_placeholder;
    QWidget *m_content;
    QScrollArea *m_scroll;
    StatusBadge *m_decisionBadge;
    QLabel *m_reason;
    QLabel *m_risk;
    QLabel *m_time;
    QLabel *m_tenant;
    QLabel *m_agent;
    QLabel *m_user;
    QLabel *m_run;
    QLabel *m_call;
    QLabel *m_mutates;
    QLabel *m_parameters;
    QLabel *m_policies;
    QLineEdit *m_decisionId;
    StatusBadge *m_check;
    QLabel *m_seq;
    QLineEdit *m_receiptId;
    QLineEdit *m_receiptHash;
    QLineEdit *m_prevHash;
    QLineEdit *m_actionHash;
    QLabel *m_signature;
    MessagePanel *m_message;
    QPushButton *m_copy;
    QPushButton *m_verifyChain;
};

} // namespace aegis::console
