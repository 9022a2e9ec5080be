#include "console/models/JsonArrayModel.h"

#include <QApplication>
#include <QFont>
#include <QPalette>

namespace aegis::console {

JsonArrayModel::JsonArrayModel(QList<JsonColumn> columns, QObject *parent)
    : QAbstractTableModel(parent)
    , m_columns(std::move(columns))
{
}

void JsonArrayModel::setRows(const QJsonArray &rows)
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(rows.size());
    for (const QJsonValue &value : rows)
        m_rows.append(value.toObject());
    endResetModel();
}

QJsonObject JsonArrayModel::row(int index) const
{
    return index >= 0 && index < m_rows.size() ? m_rows.at(index) : QJsonObject();
}

int JsonArrayModel::find(const QString &key, const QString &value) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).value(key).toString() == value)
            return i;
    }
    return -1;
}

void JsonArrayModel::refreshAll()
{
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size()) - 1, int(m_columns.size()) - 1));
}

int JsonArrayModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int JsonArrayModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QVariant JsonArrayModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= m_columns.size())
        return {};
    const JsonColumn &column = m_columns.at(index.column());
    const QJsonObject &object = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return column.text(object);
    case Qt::ToolTipRole:
        return column.toolTip ? column.toolTip(object) : column.text(object);
    case Qt::ForegroundRole:
        if (column.status) {
            if (const auto status = column.status(object))
                return StatusColors::foreground(*status, QApplication::palette());
        }
        return {};
    case Qt::FontRole:
        // Bold for what needs a look (a warning, a failure) only: a column
        // bold on every row ("passed", "allow", "active") stresses nothing.
        if (column.status) {
            const auto status = column.status(object);
            if (status && (*status == StatusColors::Status::Warning || *status == StatusColors::Status::Bad)) {
                QFont font = QApplication::font();
                font.setBold(true);
                return font;
            }
        }
        return {};
    default:
        return {};
    }
}

QVariant JsonArrayModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole && section < m_columns.size())
        return m_columns.at(section).title;
    return QAbstractTableModel::headerData(section, orientation, role);
}

} // namespace aegis::console
