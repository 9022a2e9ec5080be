#pragma once

#include "console/verification/VerificationRun.h"

#include <QAbstractTableModel>

namespace aegis::console {

// One row per tenant of a chain verification: pass or fail at a glance,
// with count and head. "No receipts" is its own state, never green.
class TenantResultModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TenantColumn,
        ResultColumn,
        CountColumn,
        HeadSeqColumn,
        HeadHashColumn,
        FailureColumn,
        ColumnCount
    };

    explicit TenantResultModel(QObject *parent = nullptr);

    void setRun(VerificationRunPtr run);
    QString tenantAt(int row) const;
    int rowOfTenant(const QString &tenantId) const;

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    VerificationRunPtr m_run;
};

} // namespace aegis::console
