#include "console/widgets/GrowToFit.h"

#include <QLayout>
#include <QPointer>
#include <QTimer>
#include <QWidget>

namespace aegis::console {

void GrowToFit::later(QWidget *window)
{
    QPointer<QWidget> target(window);
    QTimer::singleShot(0, window, [target] {
        if (!target || !target->layout())
            return;
        QLayout *layout = target->layout();
        layout->activate();
        const int needed = layout->hasHeightForWidth() ? layout->totalHeightForWidth(target->width())
                                                       : layout->totalSizeHint().height();
        if (needed > target->height())
            target->resize(target->width(), needed);
    });
}

} // namespace aegis::console
