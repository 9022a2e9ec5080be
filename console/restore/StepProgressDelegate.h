#pragma once

#include <QStyledItemDelegate>

namespace aegis::console {

// Draws a running step's progress as a bar with its text on it; any other
// cell as usual.
class StepProgressDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

} // namespace aegis::console
