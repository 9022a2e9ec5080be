#pragma once

#include "common/client/GatewayReply.h"
#include "common/drill/DrillHistory.h"
#include "common/drill/DrillReport.h"
#include "console/navigation/ConsolePage.h"

#include <QPointer>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTreeWidget;

namespace aegis::console {

class DrillRun;
class DrillTrendChart;

// Disaster-recovery drills (RESTORE_AND_DRILL.md) in one click: choose the
// backup (a fresh one, the newest, a catalog one or a file), watch the
// steps with a progress bar and Cancel, read the history (date, backup,
// recovery point, recovery time, result) with a chart of the recovery
// times and points, and open or save any report (PDF for auditors, JSON).
// The drill is the same runner aegis-drill uses, on a thread of its own.
class DrillsPage : public ConsolePage
{
    Q_OBJECT

public:
    explicit DrillsPage(ConsoleContext &context, QWidget *parent = nullptr);
    ~DrillsPage() override;

    void refresh() override;
    void cancelWork() override;

    // For tests and keyboard users: what the buttons do.
    void chooseBackup(const QString &which); // "fresh", "latest", a catalog name or a file path
    bool runDrill();
    void cancelDrill();
    bool saveReportAs(const QString &path);
    bool isRunning() const;
    QTableWidget *history() const { return m_history; }
    QString historyDirectory() const;
    const QList<DrillHistory::Entry> &entries() const { return m_entries; }

Q_SIGNALS:
    void drillFinished(const aegis::DrillReport &report);

protected:
    void connectionChanged() override;
    void changeEvent(QEvent *event) override;

private:
    void applyColours();
    void loadHistory();
    void loadCatalog();
    void onCatalog(GatewayReply &reply);
    void onStepStarted(int step);
    void onStepProgress(int step, qint64 done, qint64 total);
    void onStepFinished(const aegis::DrillStepRecord &record);
    void onDrillFinished(const aegis::DrillReport &report, const QString &jsonPath, const QString &sha256,
                         const QString &error);
    void resetSteps();
    void updateButtons();
    QString selectedReport() const;
    void openSelected();
    void saveSelected();

    DrillRun *m_run;
    QComboBox *m_backup;
    QPushButton *m_start;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QTreeWidget *m_steps;
    QLabel *m_verdict;
    QTableWidget *m_history;
    DrillTrendChart *m_chart;
    QPushButton *m_open;
    QPushButton *m_save;
    QLabel *m_historyNote;
    QList<DrillHistory::Entry> m_entries;
    QPointer<GatewayReply> m_catalogReply;
};

} // namespace aegis::console
