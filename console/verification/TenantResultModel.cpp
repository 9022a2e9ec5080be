#include "console/verification/TenantResultModel.h"

#include "console/util/Format.h"
#include "console/util/StatusColors.h"
#include "console/verification/FailureExplainer.h"
#include "console/widgets/StatusBadge.h"

#include <QApplication>
#include <QFont>
#include <QFontDatabase>
#include <QLocale>

namespace aegis::console {

namespace {

StatusColors::Status statusOf(const ChainResult::Tenant &tenant)
{
    if (tenant.failed())
        return StatusColors::Status::Bad;
    if (tenant.isEmpty())
        return StatusColors::Status::Warning;
    return StatusColors::Status::Good;
}

} // namespace

TenantResultModel::TenantResultModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void TenantResultModel::setRun(VerificationRunPtr run)
{
    beginResetModel();
    m_run = std::move(run);
    endResetModel();
}

QString TenantResultModel::tenantAt(int row) const
{
    if (!m_run || !m_run->result || row < 0 || row >= int(m_run->result->tenants().size()))
        return QString();
    return m_run->result->tenants().at(row).id;
}

int TenantResultModel::rowOfTenant(const QString &tenantId) const
{
    for (int row = 0; row < rowCount(); ++row) {
        if (tenantAt(row) == tenantId)
            return row;
    }
    return -1;
}

int TenantResultModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() || !m_run || !m_run->result)
        return 0;
    return int(m_run->result->tenants().size());
}

int TenantResultModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TenantResultModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const ChainResult::Tenant &tenant = m_run->result->tenants().at(index.row());
    const StatusColors::Status status = statusOf(tenant);
    if (role == Qt::DisplayRole || role == Qt::ToolTipRole) {
        switch (index.column()) {
        case TenantColumn:
            return tenant.id.isEmpty() ? tr("(no tenant)") : tenant.id;
        case ResultColumn:
            if (tenant.failed())
                return QString(StatusBadge::symbol(status) + QLatin1Char(' ') + tr("FAILED"));
            if (tenant.isEmpty())
                return QString(StatusBadge::symbol(status) + QLatin1Char(' ') + tr("No receipts: nothing verified"));
            return QString(StatusBadge::symbol(status) + QLatin1Char(' ') + tr("Intact"));
        case CountColumn:
            return QLocale().toString(tenant.count);
        case HeadSeqColumn:
            return tenant.headSeq ? QString::number(*tenant.headSeq) : Format::unknown();
        case HeadHashColumn:
            if (tenant.headHash.isEmpty())
                return Format::unknown();
            return role == Qt::ToolTipRole ? tenant.headHash : Format::shortHash(tenant.headHash);
        case FailureColumn:
            if (!tenant.failed())
                return QString();
            return FailureExplainer::headline(tenant);
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && (index.column() == ResultColumn || index.column() == FailureColumn))
        return StatusColors::foreground(status, QApplication::palette());
    if (role == Qt::FontRole && index.column() == ResultColumn) {
        QFont font = QApplication::font();
        font.setBold(true);
        return font;
    }
    if (role == Qt::FontRole && index.column() == HeadHashColumn)
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    return {};
}

QVariant TenantResultModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TenantColumn:
        return tr("Tenant");
    case ResultColumn:
        return tr("Result");
    case CountColumn:
        return tr("Receipts");
    case HeadSeqColumn:
        return tr("Head seq");
    case HeadHashColumn:
        return tr("Head hash");
    case FailureColumn:
        return tr("First failure");
    default:
        return {};
    }
}

} // namespace aegis::console
