#pragma once

#include <QGroupBox>

class QFormLayout;
class QLabel;
class QLineEdit;

namespace aegis::console {

class StatusBadge;

// A titled box of "label: value" rows, the building block of the overview.
// Values are selectable so that an operator can copy a version or a hash.
class InfoCard : public QGroupBox
{
    Q_OBJECT

public:
    explicit InfoCard(const QString &title, QWidget *parent = nullptr);

    QLabel *addRow(const QString &label, const QString &objectName = QString());
    // For long values without spaces (hashes, ids): one line, scrollable,
    // selectable and copyable as a whole, framed like a label.
    QLineEdit *addValueField(const QString &label, const QString &objectName = QString());
    StatusBadge *addBadgeRow(const QString &label, const QString &objectName = QString());
    void addWidgetRow(QWidget *widget);
    QFormLayout *form() const { return m_form; }

private:
    QFormLayout *m_form;
};

} // namespace aegis::console
