#include "console/util/StatusColors.h"

namespace aegis::console {

bool StatusColors::isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor StatusColors::foreground(Status status, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (status) {
    case Status::Good:
        return dark ? QColor(0x7f, 0xd4, 0x8a) : QColor(0x1b, 0x6e, 0x20);
    case Status::Warning:
        return dark ? QColor(0xf0, 0xc0, 0x60) : QColor(0x8a, 0x5a, 0x00);
    case Status::Bad:
        return dark ? QColor(0xff, 0x8a, 0x80) : QColor(0xb3, 0x26, 0x1e);
    case Status::Neutral:
        break;
    }
    return palette.color(QPalette::PlaceholderText);
}

QColor StatusColors::background(Status status, const QPalette &palette)
{
    const bool dark = isDark(palette);
    switch (status) {
    case Status::Good:
        return dark ? QColor(0x1e, 0x3a, 0x22) : QColor(0xdf, 0xf3, 0xe0);
    case Status::Warning:
        return dark ? QColor(0x3d, 0x31, 0x15) : QColor(0xff, 0xf1, 0xd0);
    case Status::Bad:
        return dark ? QColor(0x4a, 0x1f, 0x1c) : QColor(0xfb, 0xe0, 0xde);
    case Status::Neutral:
        break;
    }
    return palette.color(QPalette::AlternateBase);
}

} // namespace aegis::console
