#pragma once

#include "common/util/TaskProgress.h"

#include <QElapsedTimer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QProgressBar;
class QPushButton;

namespace aegis::console {

// Progress of one long job with its Cancel button. Polls a TaskProgress on
// a timer (the worker never posts per-item events), or shows a busy bar
// with the time elapsed for work whose size nobody knows (a backup being
// taken on the gateway).
class ProgressPanel : public QWidget
{
    Q_OBJECT

public:
    explicit ProgressPanel(QWidget *parent = nullptr);

    // Shows the panel and follows `progress` until finish().
    void follow(const TaskProgressPtr &progress, const QString &text);
    // Shows a busy bar with elapsed seconds.
    void busy(const QString &text);
    // Known byte or item counts from a network transfer.
    void setValue(qint64 done, qint64 total);
    void setText(const QString &text);
    void finish();

    void setCancelText(const QString &text);
    bool isRunning() const { return isVisible(); }
    QString text() const;

Q_SIGNALS:
    void cancelRequested();

private:
    void start(const QString &text);
    void poll();

    QLabel *m_label;
    QProgressBar *m_bar;
    QPushButton *m_cancel;
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    TaskProgressPtr m_progress;
    QString m_text;
    bool m_busy = false;
};

} // namespace aegis::console
