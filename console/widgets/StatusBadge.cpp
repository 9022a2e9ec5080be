#include "console/widgets/StatusBadge.h"

#include <QApplication>
#include <QEvent>

namespace aegis::console {

StatusBadge::StatusBadge(QWidget *parent)
    : QLabel(parent)
{
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = font();
    bold.setBold(true);
    setFont(bold);
}

QString StatusBadge::symbol(StatusColors::Status status)
{
    switch (status) {
    case StatusColors::Status::Good:
        return QStringLiteral("✔");
    case StatusColors::Status::Warning:
        return QStringLiteral("⚠");
    case StatusColors::Status::Bad:
        return QStringLiteral("✖");
    case StatusColors::Status::Neutral:
        break;
    }
    return QStringLiteral("•");
}

void StatusBadge::setStatus(StatusColors::Status status, const QString &text)
{
    m_status = status;
    setText(symbol(status) + QLatin1Char(' ') + text);
    applyColour();
}

void StatusBadge::changeEvent(QEvent *event)
{
    QLabel::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        applyColour();
}

void StatusBadge::setPlain(bool plain)
{
    QFont weight = font();
    weight.setBold(!plain);
    setFont(weight);
}

void StatusBadge::applyColour()
{
    // Only the text colour is ours, so the badge keeps following the
    // palette; an unchanged colour is not set again (no PaletteChange loop).
    // Disabled keeps the palette's grey: a value no longer current (the
    // overview when the gateway is down) must not stay green.
    const QColor colour = m_status == StatusColors::Status::Neutral
        ? QApplication::palette(this).color(QPalette::WindowText)
        : StatusColors::foreground(m_status, QApplication::palette(this));
    if (testAttribute(Qt::WA_SetPalette) && palette().color(QPalette::Active, QPalette::WindowText) == colour)
        return;
    QPalette own;
    own.setColor(QPalette::Active, QPalette::WindowText, colour);
    own.setColor(QPalette::Inactive, QPalette::WindowText, colour);
    setPalette(own);
}

} // namespace aegis::console
