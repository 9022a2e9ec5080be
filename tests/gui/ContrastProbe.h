#pragma once

#include <QColor>
#include <QImage>
#include <QRect>
#include <QString>

class QWidget;

namespace aegis::test {

// Text against its background as a person sees it: measured in the pixels
// of the window as drawn (palette, style sheets, item colours and all), so
// that a page which hard-codes a colour fails in the palette it does not
// suit. Within a rectangle the background is its commonest colour and the
// text the colour farthest from it in luminance (the core of a glyph).
class ContrastProbe
{
public:
    // Draws `window` once; the measurements read that drawing.
    explicit ContrastProbe(QWidget *window);

    // WCAG 2 contrast ratio, 1 to 21, of `rect` in `widget`'s coordinates;
    // 0 when none of it is on the drawing.
    double ratio(const QWidget *widget, const QRect &rect) const;
    // Text, background and ratio in words, for a failure message.
    QString describe(const QWidget *widget, const QRect &rect) const;

    static double luminance(const QColor &color);
    static double ratio(const QColor &a, const QColor &b);

    // AA for normal text.
    static constexpr double MinimumTextRatio = 4.5;

private:
    struct Sample
    {
        QColor background;
        QColor text;
        bool valid = false;
    };
    Sample sample(const QWidget *widget, const QRect &rect) const;

    QWidget *m_window;
    QImage m_image;
};

} // namespace aegis::test
