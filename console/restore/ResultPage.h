#pragma once

#include "common/restore/BadFilesDisposition.h"
#include "common/restore/RestoreReport.h"
#include "console/restore/RestoreReportWriter.h"

#include <QWizardPage>

class QAbstractButton;
class QGroupBox;
class QLabel;
class QPushButton;
class QRadioButton;
class QTableView;

namespace aegis::console {

class InfoCard;
class JsonArrayModel;
class MessagePanel;
class RestoreWizard;

// Page 6: the proof. The verdict; the verification as the restored gateway
// serves it (counts, and each chain against the manifest's head); on
// failure what failed, that the original is back, and what to do; what
// happens to the replaced (.bad) files, keep by default; and the report,
// written beside the database and saved wherever the operator wants as
// JSON, text or PDF. After a verified restore the wizard's only button is
// "Finish the restore": it runs step 8 with the choice made here, and
// becomes "Close" once that is done.
class ResultPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit ResultPage(RestoreWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;
    // Finish on a verified restore runs step 8 first (the page stays).
    bool validatePage() override;

    void setDisposition(BadFilesDisposition disposition);
    // Step 8 (verified restores): the replaced files, the report, the journal closed.
    void finishRestore();
    // Esc or closing before finishing: finish the default way (keep) first.
    void finishThenClose();
    bool isFinishing() const { return m_finishing; }
    // Writes the report (as it stands now) to `path`; the answer comes as saved().
    void saveReport(RestoreReportWriter::Format format, const QString &path);

    MessagePanel *verdict() const { return m_verdict; }
    JsonArrayModel *chains() const { return m_chains; }
    JsonArrayModel *counts() const { return m_counts; }
    JsonArrayModel *files() const { return m_files; }
    // The wizard's Finish button ("Finish the restore", then "Close").
    QAbstractButton *finishButton() const;
    QLabel *reportLabel() const { return m_reportPath; }
    QLabel *dispositionLabel() const { return m_dispositionResult; }

Q_SIGNALS:
    void finished(const aegis::RestoreReport &report);
    void saved(bool ok, const QString &path);

protected:
    void changeEvent(QEvent *event) override;

private:
    // The served counts' line in the palette's good or bad colour, again
    // whenever the palette changes (a theme switch while the page shows).
    void colourCounts();
    void buildFailureCard(QWidget *content);
    void buildVerification(QWidget *content);
    void buildBadFiles(QWidget *content);
    QGroupBox *buildReport(QWidget *content);

    void showReport(const RestoreReport &report);
    void onFinished(const RestoreReport &report);
    void askWhereToSave(RestoreReportWriter::Format format);
    BadFilesDisposition disposition() const;

    RestoreWizard *m_wizard;
    bool m_countsMatch = true;
    bool m_finishing = false;
    bool m_closeAfterFinish = false;
    MessagePanel *m_verdict;
    InfoCard *m_failure;
    QLabel *m_failureText;
    QLabel *m_failedStep;
    QLabel *m_nextAction;
    QGroupBox *m_verification;
    JsonArrayModel *m_counts;
    QLabel *m_countsLabel;
    JsonArrayModel *m_chains;
    QTableView *m_chainsTable;
    QGroupBox *m_badFiles;
    QLabel *m_badFilesText;
    QRadioButton *m_keep;
    QRadioButton *m_archive;
    QRadioButton *m_delete;
    QLabel *m_dispositionResult;
    JsonArrayModel *m_files;
    QTableView *m_filesTable;
    QLabel *m_reportPath;
    QPushButton *m_saveJson;
    QPushButton *m_saveText;
    QPushButton *m_savePdf;
    MessagePanel *m_saveMessage;
};

} // namespace aegis::console
