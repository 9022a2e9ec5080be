#pragma once

#include "common/client/GatewayReply.h"
#include "console/navigation/ConsolePage.h"

#include <QPointer>
#include <QTimer>

class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTabWidget;
class QTableView;

namespace aegis::console {

class JsonArrayModel;
class MessagePanel;

// The calls waiting for a person: the pending queue, newest first, with the
// exact call of the selected one; Approve (after a confirmation that shows
// the call again) or Reject, under the reviewer's name; decided approvals
// in a history tab. Reloads on its own so that the count in the navigation
// stays current.
class ApprovalsPage : public ConsolePage
{
    Q_OBJECT

public:
    explicit ApprovalsPage(ConsoleContext &context, QWidget *parent = nullptr);

    void refresh() override;
    void pageShown() override;
    void cancelWork() override;

    JsonArrayModel *pending() const { return m_pendingModel; }
    JsonArrayModel *history() const { return m_historyModel; }
    QTableView *pendingTable() const { return m_pendingTable; }
    QTabWidget *tabs() const { return m_tabs; }

Q_SIGNALS:
    void approvalsLoaded();
    // A decision was sent and answered (`ok` false: refused or failed).
    void decisionAnswered(bool ok);

protected:
    void connectionChanged() override;

private:
    void load();
    void onLoaded(GatewayReply &reply);
    void showSelected();
    void decide(bool approve);
    void updateButtons();
    QJsonObject selected() const;
    QString agentLabel(const QJsonObject &approval) const;

    QPointer<GatewayReply> m_reply;
    QTimer m_timer;
    bool m_loaded = false;

    QTabWidget *m_tabs;
    QLineEdit *m_approver;
    QLineEdit *m_reason;
    QPushButton *m_approve;
    QPushButton *m_reject;
    QPlainTextEdit *m_detail;
    MessagePanel *m_message;
    JsonArrayModel *m_pendingModel;
    QTableView *m_pendingTable;
    JsonArrayModel *m_historyModel;
    QTableView *m_historyTable;
};

} // namespace aegis::console
