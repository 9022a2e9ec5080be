#include "console/widgets/BuddyLabel.h"

#include <QLabel>

namespace aegis::console {

QLabel *BuddyLabel::create(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setBuddy(buddy);
    return label;
}

} // namespace aegis::console
