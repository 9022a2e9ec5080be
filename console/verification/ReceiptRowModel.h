#pragma once

#include "console/verification/VerificationRun.h"

#include <QAbstractTableModel>
#include <QFont>

namespace aegis::console {

// The receipts of one tenant as the verifier saw them, with the first
// failure's row highlighted and every non-OK status in its colour.
class ReceiptRowModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        IndexColumn,
        SeqColumn,
        StatusColumn,
        HashColumn,
        PrevHashColumn,
        AgentColumn,
        DecisionColumn,
        ReceiptIdColumn,
        ColumnCount
    };

    explicit ReceiptRowModel(QObject *parent = nullptr);

    void setRows(VerificationRunPtr run, const QString &tenantId);
    const ReceiptRowSet *rowSet() const { return m_set; }
    // The table row of the tenant's first failure, or -1.
    int failureRow() const { return m_failureRow; }
    const ReceiptRow *rowAt(int row) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    VerificationRunPtr m_run;
    const ReceiptRowSet *m_set = nullptr;
    // Built once: data() runs for every visible cell on every repaint.
    QFont m_plain;
    QFont m_bold;
    QFont m_fixed;
    QFont m_fixedBold;
    int m_failureRow = -1;
};

} // namespace aegis::console
