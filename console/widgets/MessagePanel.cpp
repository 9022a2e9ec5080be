#include "console/widgets/MessagePanel.h"

#include <QApplication>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace aegis::console {

MessagePanel::MessagePanel(QWidget *parent)
    : QFrame(parent)
    , m_icon(new QLabel(this))
    , m_text(new QLabel(this))
    , m_detailsButton(new QToolButton(this))
    , m_detail(new QPlainTextEdit(this))
    , m_actions(new QHBoxLayout)
{
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    // As tall as its text, never stretched to fill a page.
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Maximum);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_text->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_icon->setAlignment(Qt::AlignTop);

    m_detailsButton->setText(tr("&Details"));
    m_detailsButton->setCheckable(true);
    m_detailsButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_detailsButton->setArrowType(Qt::RightArrow);
    m_detailsButton->setAutoRaise(true);
    m_detail->setReadOnly(true);
    m_detail->setVisible(false);
    m_detail->setMaximumHeight(fontMetrics().lineSpacing() * 7);
    m_detail->setAccessibleName(tr("Technical details"));
    connect(m_detailsButton, &QToolButton::toggled, this, [this](bool on) {
        m_detail->setVisible(on);
        m_detailsButton->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
    });

    auto *top = new QHBoxLayout;
    top->addWidget(m_icon);
    top->addWidget(m_text, 1);
    top->addLayout(m_actions);
    top->addWidget(m_detailsButton, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->addLayout(top);
    layout->addWidget(m_detail);
    setVisible(false);
}

void MessagePanel::showMessage(StatusColors::Status status, const QString &text, const QString &detail)
{
    m_status = status;
    m_plain = text;
    renderText();
    m_detail->setPlainText(detail);
    m_detailsButton->setVisible(!detail.isEmpty());
    if (detail.isEmpty())
        m_detailsButton->setChecked(false);
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    if (status == StatusColors::Status::Bad)
        icon = QStyle::SP_MessageBoxCritical;
    else if (status == StatusColors::Status::Warning)
        icon = QStyle::SP_MessageBoxWarning;
    else if (status == StatusColors::Status::Good)
        icon = QStyle::SP_DialogApplyButton;
    const int size = style()->pixelMetric(QStyle::PM_SmallIconSize);
    m_icon->setPixmap(style()->standardIcon(icon, nullptr, this).pixmap(size, size));
    applyColours();
    setVisible(true);
    Q_EMIT shown();
}

void MessagePanel::clear()
{
    m_plain.clear();
    m_text->clear();
    m_detail->clear();
    m_detailsButton->setChecked(false);
    setVisible(false);
}

void MessagePanel::setHeadline(bool headline)
{
    m_headline = headline;
    renderText();
}

// A headline's lead line larger and bold, the lines under it as plain as
// any text: a panel in bold from top to bottom stresses nothing.
void MessagePanel::renderText()
{
    const qsizetype end = m_headline ? m_plain.indexOf(QLatin1Char('\n')) : -1;
    if (!m_headline) {
        m_text->setTextFormat(Qt::PlainText);
        m_text->setText(m_plain);
        return;
    }
    const QString lead = end < 0 ? m_plain : m_plain.left(end);
    const QString rest = end < 0 ? QString() : m_plain.mid(end + 1);
    QString html = QStringLiteral("<div style=\"white-space:pre-wrap\"><span style=\"font-size:%1pt; font-weight:bold\">%2</span>")
                       .arg((font().pointSizeF() > 0 ? font().pointSizeF() : 9.0) * 1.25)
                       .arg(lead.toHtmlEscaped());
    if (!rest.isEmpty())
        html += QStringLiteral("\n") + rest.toHtmlEscaped();
    m_text->setTextFormat(Qt::RichText);
    m_text->setText(html + QStringLiteral("</div>"));
}

QString MessagePanel::text() const
{
    return m_plain;
}

QString MessagePanel::detail() const
{
    return m_detail->toPlainText();
}

bool MessagePanel::isDetailShown() const
{
    return m_detail->isVisible();
}

QPushButton *MessagePanel::addAction(const QString &text)
{
    auto *button = new QPushButton(text, this);
    m_actions->addWidget(button, 0, Qt::AlignTop);
    return button;
}

void MessagePanel::changeEvent(QEvent *event)
{
    QFrame::changeEvent(event);
    // The tint follows the palette (light to dark). Our own setPalette()
    // sends PaletteChange too; applyColours() then finds nothing to do.
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        applyColours();
}

void MessagePanel::applyColours()
{
    // Only the window role is ours: text and everything else keep
    // following the application's palette.
    const QColor tint = StatusColors::background(m_status, QApplication::palette(this));
    if (testAttribute(Qt::WA_SetPalette) && palette().color(QPalette::Window) == tint)
        return;
    QPalette own;
    own.setColor(QPalette::Window, tint);
    setPalette(own);
}

} // namespace aegis::console
