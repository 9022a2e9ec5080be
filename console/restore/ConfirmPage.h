#pragma once

#include <QWizardPage>

class QLabel;
class QLineEdit;

namespace aegis::console {

class MessagePanel;
class RestoreWizard;

// Page 4: the point of no return. The operator types the live database's
// file name (the engine's confirmation phrase): a habitual "yes" or Enter
// restores nothing. Its button says "Restore now".
class ConfirmPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit ConfirmPage(RestoreWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

    QLineEdit *phraseEdit() const { return m_phrase; }
    QString expectedPhrase() const { return m_expected; }

private:
    RestoreWizard *m_wizard;
    QString m_expected;
    QLabel *m_summary;
    QLabel *m_prompt;
    QLineEdit *m_phrase;
    QLabel *m_match;
    MessagePanel *m_manual;
};

} // namespace aegis::console
