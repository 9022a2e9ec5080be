#pragma once

#include "console/verification/VerificationRun.h"

#include <QWidget>

class QLabel;
class QTableView;

namespace aegis::console {

class DigestLabel;
class InfoCard;
class MessagePanel;
class ReceiptRowModel;
class StatusBadge;
class TenantResultModel;

// A chain verification's result as a person grasps it at a glance: one
// line verdict in its colour, each tenant's pass or fail with count and
// head, and on a failure the receipt table scrolled to the first broken
// receipt, highlighted, with its neighbours and the kind in plain words.
class ChainResultView : public QWidget
{
    Q_OBJECT

public:
    explicit ChainResultView(QWidget *parent = nullptr);
    ~ChainResultView() override;

    void showRun(VerificationRunPtr run);
    void clear();
    // A verification is running: the previous result must not be read as
    // this one's.
    void showPending(const QString &what);
    VerificationRunPtr run() const { return m_run; }

    // For tests and for people: what the view shows now.
    MessagePanel *verdict() const { return m_verdict; }
    MessagePanel *failure() const { return m_failure; }
    QTableView *tenantTable() const { return m_tenantTable; }
    QTableView *receiptTable() const { return m_receiptTable; }
    ReceiptRowModel *receiptModel() const { return m_receiptModel; }
    QString currentTenant() const { return m_tenant; }
    void showTenant(const QString &tenantId);

Q_SIGNALS:
    // showRun() is done, receipt table included (it is filled on the next
    // turn of the event loop so that no single turn takes long).
    void runShown();

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void showBackupChecks(const VerificationRun &run);
    void sizeReceiptColumns();

    VerificationRunPtr m_run;
    QString m_tenant;
    MessagePanel *m_verdict;
    QLabel *m_source;
    InfoCard *m_backup;
    StatusBadge *m_restorable;
    DigestLabel *m_backupSha;
    QLabel *m_backupIntegrity;
    QLabel *m_backupSchema;
    QLabel *m_backupReasons;
    TenantResultModel *m_tenantModel;
    QTableView *m_tenantTable;
    MessagePanel *m_failure;
    QLabel *m_receiptsTitle;
    ReceiptRowModel *m_receiptModel;
    QTableView *m_receiptTable;
    QLabel *m_notes;
};

} // namespace aegis::console
