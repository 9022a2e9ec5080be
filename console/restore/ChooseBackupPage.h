#pragma once

#include <QJsonArray>
#include <QPointer>
#include <QWizardPage>

class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QTableView;

namespace aegis {
class GatewayReply;
}

namespace aegis::console {

class InfoCard;
class JsonArrayModel;
class MessagePanel;
class RestoreWizard;

// Page 1: where the restore goes (from the connection profile, with a way
// to fix it) and which backup: one of the gateway's catalog, or a file.
class ChooseBackupPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit ChooseBackupPage(RestoreWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    bool validatePage() override;

    void preselect(const QString &backupName) { m_preselect = backupName; }
    void useCatalog();
    bool selectBackup(const QString &name);
    void useFile(const QString &path);
    void loadCatalog();

    JsonArrayModel *catalog() const { return m_model; }
    MessagePanel *targetProblem() const { return m_problem; }
    MessagePanel *catalogMessage() const { return m_catalogMessage; }
    QLabel *manifestLabel() const { return m_manifestLabel; }
    bool catalogLoaded() const { return m_loaded; }

Q_SIGNALS:
    void catalogFinished();

private:
    static QString catalogSourceText();
    void showTarget();
    void showRows(const QJsonArray &rows);
    // The profile's backup directory read here, when the gateway cannot list it.
    void listLocally(const QString &why, const QString &detail);
    void updateFileNote();
    void updateSources();

    RestoreWizard *m_wizard;
    QString m_preselect;
    bool m_loaded = false;
    QPointer<GatewayReply> m_reply;

    InfoCard *m_targetCard;
    QLabel *m_database;
    QLabel *m_gateway;
    QLabel *m_service;
    MessagePanel *m_problem;
    QRadioButton *m_catalogRadio;
    QRadioButton *m_fileRadio;
    JsonArrayModel *m_model;
    QTableView *m_table;
    MessagePanel *m_catalogMessage;
    QPushButton *m_reload;
    QLineEdit *m_file;
    QPushButton *m_browse;
    QLabel *m_manifestLabel;
};

} // namespace aegis::console
