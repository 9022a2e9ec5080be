#pragma once

class QWidget;

namespace aegis::console {

// Makes a window tall enough for its contents at its current width (a
// message that appeared, wrapped text), never narrower and never shorter.
// Queued: the layout settles first.
class GrowToFit
{
public:
    static void later(QWidget *window);
};

} // namespace aegis::console
