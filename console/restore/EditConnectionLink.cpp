#include "console/restore/EditConnectionLink.h"

#include <QAction>
#include <QApplication>
#include <QKeySequence>
#include <QMainWindow>
#include <QWidget>

namespace aegis::console {

bool EditConnectionLink::open(QWidget *from)
{
    const QKeySequence editKeys(Qt::CTRL | Qt::Key_K);
    QList<QWidget *> windows;
    // The wizard is a window of its own: its parent chain leads to the main window.
    for (QWidget *w = from; w; w = w->parentWidget()) {
        if (qobject_cast<QMainWindow *>(w))
            windows << w;
    }
    for (QWidget *top : QApplication::topLevelWidgets()) {
        if (qobject_cast<QMainWindow *>(top) && !windows.contains(top))
            windows << top;
    }
    for (QWidget *window : std::as_const(windows)) {
        for (QAction *action : window->findChildren<QAction *>()) {
            if (action->shortcut() == editKeys && action->isEnabled()) {
                action->trigger();
                return true;
            }
        }
    }
    return false;
}

} // namespace aegis::console
