#pragma once

#include <QWizardPage>

class QLabel;
class QLineEdit;
class QTableView;

namespace aegis::console {

class InfoCard;
class JsonArrayModel;
class MessagePanel;
class RestoreWizard;

// Page 3: the dry-run plan: what will be lost (decisions and receipts newer
// than the backup), what the backup holds, and every file that will be
// moved, copied and created, with sizes.
class PlanPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit PlanPage(RestoreWizard *wizard);

    void initializePage() override;

    MessagePanel *loss() const { return m_loss; }
    JsonArrayModel *files() const { return m_files; }

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitNameColumns();
    RestoreWizard *m_wizard;
    MessagePanel *m_loss;
    InfoCard *m_backupCard;
    QLabel *m_backupName;
    QLabel *m_taken;
    QLabel *m_holds;
    QLabel *m_schema;
    QLineEdit *m_sha;
    QLabel *m_gateway;
    QLabel *m_space;
    QLabel *m_filesLabel;
    JsonArrayModel *m_files;
    QTableView *m_table;
};

} // namespace aegis::console
