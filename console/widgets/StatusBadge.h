#pragma once

#include "console/util/StatusColors.h"

#include <QLabel>

namespace aegis::console {

// A short status in its colour with a symbol ("✔ Healthy", "✖ Not ready"),
// so that the state reads without colour too.
class StatusBadge : public QLabel
{
    Q_OBJECT

public:
    explicit StatusBadge(QWidget *parent = nullptr);

    void setStatus(StatusColors::Status status, const QString &text);
    // Regular weight, for lists of checks rather than a headline.
    void setPlain(bool plain);
    StatusColors::Status status() const { return m_status; }

    static QString symbol(StatusColors::Status status);

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyColour();

    StatusColors::Status m_status = StatusColors::Status::Neutral;
};

} // namespace aegis::console
