#include "console/widgets/ProgressPanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>

namespace aegis::console {

ProgressPanel::ProgressPanel(QWidget *parent)
    : QWidget(parent)
    , m_label(new QLabel(this))
    , m_bar(new QProgressBar(this))
    , m_cancel(new QPushButton(tr("&Cancel"), this))
{
    m_label->setWordWrap(true);
    m_bar->setMinimumWidth(160);
    m_cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancel->setToolTip(tr("Stop this (Esc)"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label, 1);
    layout->addWidget(m_bar, 1);
    layout->addWidget(m_cancel);
    m_timer.setInterval(100);
    connect(&m_timer, &QTimer::timeout, this, &ProgressPanel::poll);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_progress)
            m_progress->requestCancel();
        m_cancel->setEnabled(false);
        m_label->setText(tr("Cancelling…"));
        Q_EMIT cancelRequested();
    });
    setVisible(false);
}

void ProgressPanel::follow(const TaskProgressPtr &progress, const QString &text)
{
    m_progress = progress;
    m_busy = false;
    start(text);
}

void ProgressPanel::busy(const QString &text)
{
    m_progress.reset();
    m_busy = true;
    start(text);
}

void ProgressPanel::start(const QString &text)
{
    m_text = text;
    m_label->setText(text);
    m_bar->setRange(0, 0);
    m_cancel->setEnabled(true);
    m_elapsed.start();
    m_timer.start();
    setVisible(true);
}

void ProgressPanel::setValue(qint64 done, qint64 total)
{
    m_busy = false;
    if (total > 0) {
        // QProgressBar counts in int: scale to per mille.
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(qBound(qint64(0), done * 1000 / total, qint64(1000))));
    } else {
        m_bar->setRange(0, 0);
    }
}

void ProgressPanel::setText(const QString &text)
{
    m_text = text;
    m_label->setText(text);
}

QString ProgressPanel::text() const
{
    return m_label->text();
}

void ProgressPanel::setCancelText(const QString &text)
{
    m_cancel->setText(text);
}

void ProgressPanel::finish()
{
    m_timer.stop();
    m_progress.reset();
    setVisible(false);
}

void ProgressPanel::poll()
{
    if (m_busy) {
        m_label->setText(tr("%1 (%2 s)").arg(m_text).arg(m_elapsed.elapsed() / 1000));
        return;
    }
    if (!m_progress || m_progress->isCancelRequested())
        return;
    const QString phase = m_progress->phase();
    if (!phase.isEmpty())
        m_label->setText(phase);
    const qint64 total = m_progress->total();
    const qint64 done = m_progress->done();
    if (total > 0) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(qBound(qint64(0), done * 1000 / total, qint64(1000))));
        m_bar->setFormat(tr("%L1 of %L2").arg(done).arg(total));
    } else {
        m_bar->setRange(0, 0);
    }
}

} // namespace aegis::console
