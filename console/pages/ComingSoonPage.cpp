#include "console/pages/ComingSoonPage.h"

#include <QLabel>
#include <QVBoxLayout>

namespace aegis::console {

ComingSoonPage::ComingSoonPage(ConsoleContext &context, const QString &title, const QString &text, QWidget *parent)
    : ConsolePage(context, parent)
{
    auto *heading = new QLabel(title, this);
    QFont font = heading->font();
    font.setPointSizeF(font.pointSizeF() * 1.4);
    font.setBold(true);
    heading->setFont(font);
    auto *soon = new QLabel(tr("Coming soon."), this);
    auto *body = new QLabel(text, this);
    body->setWordWrap(true);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addWidget(soon);
    layout->addWidget(body);
    layout->addStretch(1);
}

} // namespace aegis::console
