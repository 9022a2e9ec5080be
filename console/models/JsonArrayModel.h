#pragma once

#include "console/models/JsonColumn.h"

#include <QAbstractTableModel>
#include <QJsonArray>
#include <QList>

namespace aegis::console {

// A table over a JSON array of objects (agents, decisions, backups), as
// the gateway returns its lists. Read-only; a row's object is available
// for the detail views.
class JsonArrayModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    explicit JsonArrayModel(QList<JsonColumn> columns, QObject *parent = nullptr);

    void setRows(const QJsonArray &rows);
    QJsonObject row(int index) const;
    // The row whose `key` member equals `value`, or -1.
    int find(const QString &key, const QString &value) const;
    // Cells computed from outside data (an agent's name) changed.
    void refreshAll();

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<JsonColumn> m_columns;
    QList<QJsonObject> m_rows;
};

} // namespace aegis::console
