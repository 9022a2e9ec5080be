#pragma once

#include "console/util/StatusColors.h"

#include <QFrame>

class QLabel;
class QPlainTextEdit;
class QToolButton;
class QHBoxLayout;
class QPushButton;

namespace aegis::console {

// A message in words, tinted by its status, with the technical detail one
// click away ("Details"). The console's one way of saying what went wrong.
class MessagePanel : public QFrame
{
    Q_OBJECT

public:
    explicit MessagePanel(QWidget *parent = nullptr);

    void showMessage(StatusColors::Status status, const QString &text, const QString &detail = QString());
    void clear();

    // The text's first line larger and bold: a verdict rather than a
    // remark; the lines under it stay plain.
    void setHeadline(bool headline);
    QString text() const;
    QString detail() const;
    StatusColors::Status status() const { return m_status; }
    bool isDetailShown() const;

    // Buttons beside the text (Retry, Edit connection…); owned by the panel.
    QPushButton *addAction(const QString &text);

Q_SIGNALS:
    // A message is now shown (a dialog may need to grow for it).
    void shown();

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyColours();
    void renderText();

    StatusColors::Status m_status = StatusColors::Status::Neutral;
    QString m_plain;
    bool m_headline = false;
    QLabel *m_icon;
    QLabel *m_text;
    QToolButton *m_detailsButton;
    QPlainTextEdit *m_detail;
    QHBoxLayout *m_actions;
};

} // namespace aegis::console
