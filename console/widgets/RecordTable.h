#pragma once

class QAbstractItemModel;
class QTableView;
class QWidget;

namespace aegis::console {

// The console's read-only record tables look and behave alike: whole rows
// selected one at a time, no editing, no row numbers, the last column
// taking the room left, and Tab leaving the table (arrows move within it).
class RecordTable
{
public:
    static QTableView *create(QAbstractItemModel *model, QWidget *parent);
};

} // namespace aegis::console
