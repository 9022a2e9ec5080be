#include "console/verification/ReceiptRowModel.h"

#include "console/util/Format.h"
#include "console/util/StatusColors.h"

#include <QApplication>
#include <QFont>
#include <QFontDatabase>

namespace aegis::console {

ReceiptRowModel::ReceiptRowModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_plain(QApplication::font())
    , m_bold(QApplication::font())
    , m_fixed(QFontDatabase::systemFont(QFontDatabase::FixedFont))
    , m_fixedBold(QFontDatabase::systemFont(QFontDatabase::FixedFont))
{
    m_bold.setBold(true);
    m_fixedBold.setBold(true);
}

void ReceiptRowModel::setRows(VerificationRunPtr run, const QString &tenantId)
{
    beginResetModel();
    m_run = std::move(run);
    m_set = nullptr;
    m_failureRow = -1;
    if (m_run) {
        const auto it = m_run->rows.find(tenantId);
        if (it != m_run->rows.end())
            m_set = &it->second;
        if (m_set && m_run->result) {
            if (const ChainResult::Tenant *tenant = m_run->result->tenant(tenantId); tenant && tenant->failure)
                m_failureRow = m_set->rowOfIndex(tenant->failure->index);
        }
    }
    endResetModel();
}

const ReceiptRow *ReceiptRowModel::rowAt(int row) const
{
    if (!m_set || row < 0 || row >= int(m_set->rows.size()))
        return nullptr;
    return &m_set->rows[size_t(row)];
}

int ReceiptRowModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() || !m_set ? 0 : int(m_set->rows.size());
}

int ReceiptRowModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReceiptRowModel::data(const QModelIndex &index, int role) const
{
    const ReceiptRow *row = rowAt(index.row());
    if (!row)
        return {};
    const bool failed = row->status != ReceiptCheck::Status::Ok;
    const bool isFirstFailure = index.row() == m_failureRow;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case IndexColumn:
            return QString::number(row->index);
        case SeqColumn:
            return row->seq ? QString::number(*row->seq) : Format::unknown();
        case StatusColumn:
            return isFirstFailure ? tr("%1 ◀ first failure").arg(ReceiptCheck::statusName(row->status))
                                  : ReceiptCheck::statusName(row->status);
        case HashColumn:
            if (!row->receiptHash)
                return tr("(missing)");
            // Whole: the view cuts it to the column's width.
            return *row->receiptHash;
        case PrevHashColumn:
            if (!row->prevReceiptHash)
                return tr("(missing)");
            return row->prevReceiptHash->isEmpty() ? Format::shortHash(*row->prevReceiptHash) : *row->prevReceiptHash;
        case AgentColumn:
            return row->agentId.isEmpty() ? Format::unknown() : row->agentId;
        case DecisionColumn:
            return row->decision.isEmpty() ? Format::unknown() : row->decision;
        case ReceiptIdColumn:
            return row->receiptId.isEmpty() ? Format::unknown() : row->receiptId;
        default:
            return {};
        }
    case Qt::BackgroundRole:
        if (isFirstFailure)
            return StatusColors::background(StatusColors::Status::Bad, QApplication::palette());
        return {};
    case Qt::ForegroundRole:
        if (failed && index.column() == StatusColumn && !isFirstFailure)
            return StatusColors::foreground(StatusColors::Status::Bad, QApplication::palette());
        if (!failed && index.column() == StatusColumn)
            return StatusColors::foreground(StatusColors::Status::Good, QApplication::palette());
        return {};
    case Qt::FontRole: {
        const bool fixed = index.column() == HashColumn || index.column() == PrevHashColumn;
        const bool bold = isFirstFailure || (failed && index.column() == StatusColumn);
        return fixed ? (bold ? m_fixedBold : m_fixed) : (bold ? m_bold : m_plain);
    }
    default:
        return {};
    }
}

QVariant ReceiptRowModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IndexColumn:
        return tr("Index");
    case SeqColumn:
        return tr("Seq");
    case StatusColumn:
        return tr("Status");
    case HashColumn:
        return tr("Receipt hash");
    case PrevHashColumn:
        return tr("Previous hash");
    case AgentColumn:
        return tr("Agent");
    case DecisionColumn:
        return tr("Decision");
    case ReceiptIdColumn:
        return tr("Receipt id");
    default:
        return {};
    }
}

} // namespace aegis::console
