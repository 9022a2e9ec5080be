#include "console/widgets/RecordTable.h"

#include <QHeaderView>
#include <QTableView>

namespace aegis::console {

QTableView *RecordTable::create(QAbstractItemModel *model, QWidget *parent)
{
    auto *table = new QTableView(parent);
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(QAbstractItemView::SingleSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->setVisible(false);
    table->horizontalHeader()->setStretchLastSection(true);
    table->setTabKeyNavigation(false);
    return table;
}

QTableView *RecordTable::createStriped(QAbstractItemModel *model, QWidget *parent)
{
    QTableView *table = create(model, parent);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    return table;
}

} // namespace aegis::console
