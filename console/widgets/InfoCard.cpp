#include "console/widgets/InfoCard.h"

#include "console/widgets/StatusBadge.h"

#include <QFormLayout>
#include <QFontDatabase>
#include <QLabel>
#include <QLineEdit>

namespace aegis::console {

InfoCard::InfoCard(const QString &title, QWidget *parent)
    : QGroupBox(title, parent)
    , m_form(new QFormLayout(this))
{
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_form->setLabelAlignment(Qt::AlignLeft);
}

QLabel *InfoCard::addRow(const QString &label, const QString &objectName)
{
    auto *value = new QLabel(QStringLiteral("—"), this);
    value->setObjectName(objectName);
    value->setTextFormat(Qt::PlainText);
    value->setWordWrap(true);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_form->addRow(label, value);
    return value;
}

QLineEdit *InfoCard::addValueField(const QString &label, const QString &objectName)
{
    auto *value = new QLineEdit(QStringLiteral("—"), this);
    value->setObjectName(objectName);
    value->setReadOnly(true);
    value->setFrame(false);
    value->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    value->setAccessibleName(label);
    // Looks like the labels around it: the window's colour, not a field's.
    QPalette transparent;
    transparent.setColor(QPalette::Base, Qt::transparent);
    value->setPalette(transparent);
    value->setCursorPosition(0);
    m_form->addRow(label, value);
    return value;
}

StatusBadge *InfoCard::addBadgeRow(const QString &label, const QString &objectName)
{
    auto *badge = new StatusBadge(this);
    badge->setObjectName(objectName);
    badge->setWordWrap(true);
    badge->setStatus(StatusColors::Status::Neutral, QStringLiteral("—"));
    m_form->addRow(label, badge);
    return badge;
}

void InfoCard::addWidgetRow(QWidget *widget)
{
    m_form->addRow(widget);
}

} // namespace aegis::console
