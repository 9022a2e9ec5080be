#pragma once

#include "console/app/ConsolePage.h"

namespace aegis::console {

// A place held in the navigation for a page that another issue delivers.
class ComingSoonPage : public ConsolePage
{
    Q_OBJECT

public:
    ComingSoonPage(ConsoleContext &context, const QString &title, const QString &text, QWidget *parent = nullptr);
};

} // namespace aegis::console
