#pragma once

class QWidget;

namespace aegis::console {

// Opens the main window's "Edit connection…" from inside the restore
// wizard (the profile lacks a database path or service control). The
// window's action is found by its shortcut, Ctrl+K, the one thing about it
// that does not change with the language.
class EditConnectionLink
{
public:
    // False when no such action is there (the wizard runs on its own).
    static bool open(QWidget *from);
};

} // namespace aegis::console
