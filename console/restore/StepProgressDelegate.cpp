#include "console/restore/StepProgressDelegate.h"

#include "console/restore/RestoreStepModel.h"

#include <QApplication>
#include <QPainter>
#include <QStyleOptionProgressBar>

namespace aegis::console {

void StepProgressDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const double fraction = index.data(RestoreStepModel::FractionRole).toDouble();
    if (fraction < 0) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    QStyleOptionProgressBar bar;
    bar.initFrom(option.widget);
    bar.rect = option.rect.adjusted(2, 3, -2, -3);
    bar.minimum = 0;
    bar.maximum = 1000;
    bar.progress = int(fraction * 1000);
    bar.text = index.data(Qt::DisplayRole).toString();
    bar.textVisible = true;
    bar.textAlignment = Qt::AlignCenter;
    bar.state |= QStyle::State_Horizontal;
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ProgressBar, &bar, painter, widget);
}

QSize StepProgressDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    // Room for "412.3 MiB of 1.2 GiB" on a bar.
    size.setWidth(qMax(size.width(), option.fontMetrics.horizontalAdvance(QStringLiteral("0000.0 MiB of 0000.0 MiB")) + 16));
    return size;
}

} // namespace aegis::console
