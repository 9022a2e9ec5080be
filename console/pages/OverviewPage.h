#pragma once

#include "common/client/GatewayReply.h"
#include "console/navigation/ConsolePage.h"

#include <QDateTime>
#include <QJsonObject>
#include <QTimer>

class QLabel;
class QPushButton;
class QTableWidget;
class QVBoxLayout;

namespace aegis::console {

class InfoCard;
class MessagePanel;
class StatusBadge;

// The first thing an operator sees: is the gateway healthy and ready (each
// check), which version and schema, how much evidence it holds, how old the
// newest backup is, and when the chains were last verified. Refreshes on
// its own every few seconds; a refresh never blocks and never overlaps.
class OverviewPage : public ConsolePage
{
    Q_OBJECT

public:
    explicit OverviewPage(ConsoleContext &context, QWidget *parent = nullptr);

    void refresh() override;
    void cancelWork() override;
    bool isRefreshing() const { return m_pending > 0; }
    QDateTime lastSuccess() const { return m_lastSuccess; }
    MessagePanel *staleNotice() const { return m_staleNotice; }

Q_SIGNALS:
    // Every answer of one refresh is in (for tests and the status bar).
    void refreshed();

protected:
    void connectionChanged() override;

private:
    void request(const QString &path, void (OverviewPage::*handler)(GatewayReply &));
    void onHealth(GatewayReply &reply);
    void onReady(GatewayReply &reply);
    void onVersion(GatewayReply &reply);
    void onSummary(GatewayReply &reply);
    void onBackups(GatewayReply &reply);
    void showNewestBackup(const QJsonObject &backup);
    void showLastDrill();
    void showLastVerification(const QJsonValue &value);
    void showChains(const QJsonObject &chains);
    void clearValues();
    // Greys what only the gateway's answers say, and says since when, once
    // they stop coming.
    void showStale(bool stale);
    void finishOne();

    QTimer m_timer;
    int m_pending = 0;
    // Answers of a refresh started for another connection are ignored.
    quint64 m_generation = 0;
    bool m_anySuccess = false;
    QDateTime m_lastSuccess;
    // The last time the summary (counts, backup, verification) came in.
    QDateTime m_summaryAt;
    bool m_summaryFresh = false;
    QList<QWidget *> m_fromGateway;
    MessagePanel *m_staleNotice;

    QLabel *m_updated;
    QPushButton *m_refresh;
    StatusBadge *m_health;
    QLabel *m_database;
    QLabel *m_version;
    QLabel *m_schema;
    StatusBadge *m_ready;
    StatusBadge *m_checkDatabase;
    StatusBadge *m_checkMigrations;
    StatusBadge *m_checkWritable;
    StatusBadge *m_checkWorkers;
    StatusBadge *m_checkRunning;
    QLabel *m_tenants;
    QLabel *m_agents;
    QLabel *m_decisions;
    QLabel *m_receipts;
    QLabel *m_newestDecision;
    StatusBadge *m_backupAge;
    QLabel *m_backupName;
    QLabel *m_backupTime;
    QLabel *m_backupSize;
    StatusBadge *m_lastDrill;
    StatusBadge *m_verification;
    QLabel *m_verificationTime;
    QLabel *m_verificationScope;
    QTableWidget *m_chains;
};

} // namespace aegis::console
