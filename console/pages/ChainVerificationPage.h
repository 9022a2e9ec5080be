#pragma once

#include "common/util/TaskProgress.h"
#include "console/navigation/ConsolePage.h"
#include "console/verification/VerificationRun.h"

class QButtonGroup;
class QComboBox;
class QLineEdit;
class QPushButton;
class QRadioButton;

namespace aegis::console {

class BackupChainVerification;
class ChainResultView;
class LiveChainVerification;
class MessagePanel;
class ProgressPanel;

// Verifies receipt chains from three sources: the live gateway (all
// tenants or one), a backup from the catalog, or a local .db or exported
// .json file (offline, the same verifiers as aegis-verify-receipts), and
// shows the result; exports it as JSON and as a PDF report.
class ChainVerificationPage : public ConsolePage
{
    Q_OBJECT

public:
    enum class Source
    {
        Live,
        Backup,
        File
    };

    explicit ChainVerificationPage(ConsoleContext &context, QWidget *parent = nullptr);
    ~ChainVerificationPage() override;

    void refresh() override;
    void pageShown() override;
    void cancelWork() override;
    // {"source": "live"|"backup"|"file", "tenant", "backup", "path", "start": bool}
    void handleRequest(const QVariantMap &request) override;

    void setSource(Source source);
    void setLiveTenant(const QString &tenantId);
    void setBackup(const QString &name);
    void setFile(const QString &path);
    void startVerification();
    bool isRunning() const { return m_running; }

    ChainResultView *resultView() const { return m_result; }
    ProgressPanel *progressPanel() const { return m_progress; }
    QPushButton *verifyButton() const { return m_verify; }
    bool exportJson(const QString &path, QString *error) const;
    bool exportPdf(const QString &path, QString *error) const;

Q_SIGNALS:
    void verificationFinished(aegis::console::VerificationRunPtr run);
    void backupsLoaded();

protected:
    void connectionChanged() override;

private:
    void loadTenants();
    void loadBackups();
    void onFinished(VerificationRunPtr run);
    void setRunning(bool running);
    void exportTo(bool pdf);
    void updateSourceFields();

    bool m_running = false;
    bool m_loaded = false;
    QString m_pendingBackup;
    QString m_pendingTenant;
    LiveChainVerification *m_live;
    BackupChainVerification *m_backupCheck;
    TaskProgressPtr m_fileProgress;

    QButtonGroup *m_sources;
    QRadioButton *m_liveRadio;
    QRadioButton *m_backupRadio;
    QRadioButton *m_fileRadio;
    QComboBox *m_tenant;
    QComboBox *m_backup;
    QLineEdit *m_file;
    QPushButton *m_browse;
    QPushButton *m_verify;
    QPushButton *m_exportJson;
    QPushButton *m_exportPdf;
    ProgressPanel *m_progress;
    MessagePanel *m_message;
    ChainResultView *m_result;
};

} // namespace aegis::console
