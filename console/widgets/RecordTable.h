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
    // For long lists of one-line records (decisions, agents): striped rows
    // to follow a line across many columns, no wrapping.
    static QTableView *createStriped(QAbstractItemModel *model, QWidget *parent);
};

} // namespace aegis::console
