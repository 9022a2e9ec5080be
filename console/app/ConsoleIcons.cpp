#include "console/app/ConsoleIcons.h"

namespace aegis::console {

QIcon ConsoleIcons::application()
{
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256})
        icon.addFile(QStringLiteral(":/icons/aegis-console-%1.png").arg(size), QSize(size, size));
    return icon;
}

QIcon ConsoleIcons::page(const QString &name)
{
    QIcon icon;
    for (int size : {24, 48}) {
        icon.addFile(QStringLiteral(":/icons/pages/%1-%2.png").arg(name).arg(size), QSize(size, size));
        // White on the selection's highlight, where the blue would vanish.
        icon.addFile(QStringLiteral(":/icons/pages/%1-selected-%2.png").arg(name).arg(size), QSize(size, size),
            QIcon::Selected);
    }
    return icon;
}

} // namespace aegis::console
