#pragma once

#include <QIcon>

namespace aegis::console {

// The console's own icons, from the resources: the application's (a shield
// over a chain link) and one per page of the navigation. PNG sizes rendered
// from the SVGs beside them, in mid-tone colours that read on light and on
// dark palettes alike.
class ConsoleIcons
{
public:
    static QIcon application();
    // "overview", "activity", "backups", "verification", "restore", "drills".
    static QIcon page(const QString &name);
};

} // namespace aegis::console
