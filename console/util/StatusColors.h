#pragma once

#include <QColor>
#include <QPalette>

namespace aegis::console {

// The only colours the console does not take from the palette: status
// colours, chosen per palette so that green, amber and red read on a light
// and on a dark background alike.
class StatusColors
{
public:
    enum class Status
    {
        Good,
        Warning,
        Bad,
        Neutral
    };

    static bool isDark(const QPalette &palette);
    // Text and icons in the status colour, on the window or base colour.
    static QColor foreground(Status status, const QPalette &palette);
    // A tint for banners and highlighted rows; the palette's text colour
    // stays readable on it.
    static QColor background(Status status, const QPalette &palette);
};

} // namespace aegis::console
