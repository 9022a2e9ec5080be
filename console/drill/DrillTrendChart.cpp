#include "console/drill/DrillTrendChart.h"

#include "common/drill/DrillText.h"
#include "console/util/StatusColors.h"

#include <QPainter>
#include <QPainterPath>

namespace aegis::console {

DrillTrendChart::DrillTrendChart(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("drillTrendChart"));
    setAccessibleName(tr("Recovery time and recovery point over time"));
}

void DrillTrendChart::setReports(const QList<DrillReport> &reports)
{
    m_reports = reports;
    std::sort(m_reports.begin(), m_reports.end(),
              [](const DrillReport &a, const DrillReport &b) { return a.startedAt < b.startedAt; });
    update();
}

void DrillTrendChart::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const QPalette colors = palette();
    painter.fillRect(rect(), colors.base());
    const QFontMetrics metrics(font());
    const int line = metrics.height();
    qint64 maxTime = 1;
    qint64 maxPoint = 1;
    for (const DrillReport &report : m_reports) {
        maxTime = std::max(maxTime, report.recoveryTimeMs);
        maxPoint = std::max(maxPoint, report.recoveryPointMs);
    }
    // Each side as wide as its scale's number ("5 min 2 s" was cut).
    const int left = std::max(line * 4, metrics.horizontalAdvance(DrillText::duration(maxTime)) + line);
    const int right = std::max(line * 4, metrics.horizontalAdvance(DrillText::duration(maxPoint)) + line);
    const QRect plot = rect().adjusted(left, line * 2, -right, -line * 2);
    // Lighter on a dark background, so that the scales' numbers read.
    const bool dark = StatusColors::isDark(colors);
    const QColor timeColor = dark ? QColor(0x6c, 0xa8, 0xff) : QColor(0x1f, 0x6f, 0xd1);
    const QColor pointColor = dark ? QColor(0xf2, 0xa6, 0x3a) : QColor(0xa8, 0x64, 0x00);

    // Two lines when the chart is narrow: the caption is never cut.
    painter.setPen(colors.color(QPalette::Text));
    painter.drawText(QRect(line / 2, 0, width() - line, line * 2), Qt::AlignCenter | Qt::TextWordWrap,
                     tr("Recovery time (blue, left) and recovery point (orange, right)"));
    painter.setPen(colors.color(QPalette::Mid));
    painter.drawRect(plot);
    if (m_reports.isEmpty()) {
        painter.setPen(colors.color(QPalette::PlaceholderText));
        painter.drawText(plot, Qt::AlignCenter, tr("No drills yet"));
        return;
    }

    const int count = int(m_reports.size());
    const auto xAt = [&](int i) { return count == 1 ? plot.center().x() : plot.left() + plot.width() * i / (count - 1); };
    const auto yAt = [&](qint64 value, qint64 max) { return plot.bottom() - int(double(plot.height()) * double(value) / double(max)); };

    // Scales: the maximum of each series at the top of its side.
    painter.setPen(timeColor);
    painter.drawText(QRect(0, plot.top() - line / 2, plot.left() - 4, line), Qt::AlignRight | Qt::AlignVCenter,
                     DrillText::duration(maxTime));
    painter.drawText(QRect(0, plot.bottom() - line / 2, plot.left() - 4, line), Qt::AlignRight | Qt::AlignVCenter,
                     QStringLiteral("0"));
    painter.setPen(pointColor);
    painter.drawText(QRect(plot.right() + 4, plot.top() - line / 2, right - 4, line), Qt::AlignLeft | Qt::AlignVCenter,
                     DrillText::duration(maxPoint));

    const auto series = [&](const QColor &color, auto value, qint64 max) {
        QPainterPath path;
        bool started = false;
        for (int i = 0; i < count; ++i) {
            const qint64 v = value(m_reports.at(i));
            if (v < 0)
                continue;
            const QPointF at(xAt(i), yAt(v, max));
            if (!started)
                path.moveTo(at);
            else
                path.lineTo(at);
            started = true;
        }
        painter.setPen(QPen(color, 2));
        painter.setBrush(Qt::NoBrush);
        painter.drawPath(path);
        for (int i = 0; i < count; ++i) {
            const qint64 v = value(m_reports.at(i));
            if (v < 0)
                continue;
            const bool failed = !m_reports.at(i).passed();
            painter.setBrush(failed ? StatusColors::foreground(StatusColors::Status::Bad, colors) : color);
            painter.setPen(Qt::NoPen);
            painter.drawEllipse(QPointF(xAt(i), yAt(v, max)), failed ? 5 : 3.5, failed ? 5 : 3.5);
        }
    };
    series(pointColor, [](const DrillReport &r) { return r.recoveryPointMs; }, maxPoint);
    series(timeColor, [](const DrillReport &r) { return r.recoveryTimeMs; }, maxTime);

    painter.setPen(colors.color(QPalette::Text));
    painter.drawText(QRect(plot.left(), plot.bottom() + 2, plot.width() / 2, line), Qt::AlignLeft,
                     m_reports.first().startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd")));
    painter.drawText(QRect(plot.center().x(), plot.bottom() + 2, plot.width() / 2, line), Qt::AlignRight,
                     m_reports.last().startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd")));
}

} // namespace aegis::console
