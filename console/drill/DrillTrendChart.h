#pragma once

#include "common/drill/DrillReport.h"

#include <QList>
#include <QWidget>

namespace aegis::console {

// Recovery time and recovery point over the drills of the history, painted
// (no Qt Charts dependency): two lines on their own scales, time on the
// left, point on the right; failed drills marked red on the time line.
class DrillTrendChart : public QWidget
{
    Q_OBJECT

public:
    explicit DrillTrendChart(QWidget *parent = nullptr);

    // Any order; shown oldest to newest.
    void setReports(const QList<DrillReport> &reports);
    QSize sizeHint() const override { return {420, 180}; }
    QSize minimumSizeHint() const override { return {240, 140}; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QList<DrillReport> m_reports;
};

} // namespace aegis::console
