#pragma once

#include "common/restore/PreflightResult.h"
#include "console/restore/BackupChoice.h"

#include <QStringList>
#include <QWizardPage>

class QCheckBox;
class QPushButton;
class QTableView;

namespace aegis::console {

class JsonArrayModel;
class MessagePanel;
class ProgressPanel;
class RestoreWizard;

// Page 2: the backup made local (downloaded when it must be), then the
// engine's checks, each with its verdict; a refusal says why and what to
// do, and Next stays disabled. The one override the engine allows (no
// manifest) needs a box ticked knowingly.
class PreflightPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit PreflightPage(RestoreWizard *wizard);

    void initializePage() override;
    void cleanupPage() override;
    bool isComplete() const override;
    bool validatePage() override;

    bool isChecking() const { return m_checking; }
    bool hasResult() const { return m_hasResult; }
    const PreflightResult &result() const { return m_result; }
    JsonArrayModel *checks() const { return m_model; }
    MessagePanel *verdict() const { return m_verdict; }
    MessagePanel *sourceNote() const { return m_source; }
    QCheckBox *overrideBox() const { return m_override; }
    QPushButton *againButton() const { return m_again; }

Q_SIGNALS:
    void checked();

private:
    void start();
    void onLocal(const LocalBackup &local);
    void onFailed(const QString &text, const QString &detail);
    void onPreflight(const PreflightResult &result, const QStringList &notes);
    void stop();
    bool gatewayDown() const;
    // "Nothing has been changed, and the gateway keeps running", or that
    // it stays stopped when it was down already.
    QString untouched() const;

    RestoreWizard *m_wizard;
    bool m_checking = false;
    bool m_waitingForRun = false;
    bool m_hasResult = false;
    PreflightResult m_result;

    ProgressPanel *m_progress;
    MessagePanel *m_source;
    MessagePanel *m_verdict;
    JsonArrayModel *m_model;
    QTableView *m_table;
    QCheckBox *m_override;
    QPushButton *m_again;
};

} // namespace aegis::console
