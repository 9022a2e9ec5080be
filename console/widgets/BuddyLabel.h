#pragma once

class QLabel;
class QString;
class QWidget;

namespace aegis::console {

// The label of a field, whose mnemonic (Alt+letter) moves the focus to it.
class BuddyLabel
{
public:
    static QLabel *create(const QString &text, QWidget *buddy, QWidget *parent);
};

} // namespace aegis::console
