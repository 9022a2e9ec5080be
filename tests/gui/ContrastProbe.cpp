#include "tests/gui/ContrastProbe.h"

#include <QHash>
#include <QPixmap>
#include <QtMath>
#include <QWidget>

#include <algorithm>
#include <cmath>

namespace aegis::test {

ContrastProbe::ContrastProbe(QWidget *window)
    : m_window(window)
    , m_image(window->grab().toImage().convertToFormat(QImage::Format_RGB32))
{
}

double ContrastProbe::luminance(const QColor &color)
{
    // sRGB relative luminance (WCAG 2).
    const auto linear = [](double channel) {
        return channel <= 0.04045 ? channel / 12.92 : std::pow((channel + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * linear(color.redF()) + 0.7152 * linear(color.greenF()) + 0.0722 * linear(color.blueF());
}

double ContrastProbe::ratio(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

ContrastProbe::Sample ContrastProbe::sample(const QWidget *widget, const QRect &rect) const
{
    const qreal scale = m_image.devicePixelRatio();
    const QRect inWindow(widget->mapTo(m_window, rect.topLeft()), rect.size());
    const QRect pixels = QRect(qFloor(inWindow.x() * scale), qFloor(inWindow.y() * scale),
                               qFloor(inWindow.width() * scale), qFloor(inWindow.height() * scale))
                             .intersected(m_image.rect());
    Sample result;
    if (pixels.isEmpty())
        return result;
    QHash<QRgb, int> counts;
    for (int y = pixels.top(); y <= pixels.bottom(); ++y) {
        for (int x = pixels.left(); x <= pixels.right(); ++x)
            ++counts[m_image.pixel(x, y)];
    }
    QRgb background = 0;
    int most = -1;
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        if (it.value() > most) {
            most = it.value();
            background = it.key();
        }
    }
    QRgb text = background;
    double farthest = 0;
    const double backgroundLuminance = luminance(QColor(background));
    for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
        const double distance = std::abs(luminance(QColor(it.key())) - backgroundLuminance);
        if (distance > farthest) {
            farthest = distance;
            text = it.key();
        }
    }
    result.background = QColor(background);
    result.text = QColor(text);
    result.valid = true;
    return result;
}

double ContrastProbe::ratio(const QWidget *widget, const QRect &rect) const
{
    const Sample s = sample(widget, rect);
    return s.valid ? ratio(s.text, s.background) : 0;
}

QString ContrastProbe::describe(const QWidget *widget, const QRect &rect) const
{
    const Sample s = sample(widget, rect);
    // Named by the nearest widget with a name of ours (a table, not its viewport).
    const QWidget *named = widget;
    while (named->parentWidget() && (named->objectName().isEmpty() || named->objectName().startsWith(QLatin1String("qt_"))))
        named = named->parentWidget();
    return QStringLiteral("%1 (%2) text %3 on %4: contrast %5:1")
        .arg(named->objectName(), QString::fromLatin1(named->metaObject()->className()), s.text.name(),
             s.background.name())
        .arg(ratio(s.text, s.background), 0, 'f', 2);
}

} // namespace aegis::test
