#pragma once

#include "common/restore/RestoreJournal.h"
#include "common/restore/ResumeAdvice.h"

#include <QDialog>

class QLabel;
class QPushButton;

namespace aegis::console {

class MessagePanel;

// Shown when the console finds an unfinished restore's journal beside the
// profile's database: what happened, in words, that the original is safe,
// and the choices the journal's phase allows, the advised one first.
class ResumeDialog : public QDialog
{
    Q_OBJECT

public:
    ResumeDialog(const RestoreJournal &journal, QWidget *parent = nullptr);

    const ResumeAdvice &advice() const { return m_advice; }
    QPushButton *finishButton() const { return m_finish; }
    QPushButton *rollBackButton() const { return m_rollBack; }
    QPushButton *laterButton() const { return m_later; }
    QLabel *explanation() const { return m_text; }

    static QString phaseInWords(RestoreJournal::Phase phase);

Q_SIGNALS:
    void chosen(aegis::ResumeAdvice::Choice choice);

private:
    ResumeAdvice m_advice;
    MessagePanel *m_headline;
    QLabel *m_text;
    QPushButton *m_finish = nullptr;
    QPushButton *m_rollBack = nullptr;
    QPushButton *m_later;
};

} // namespace aegis::console
