#pragma once

#include "common/restore/RestoreReport.h"

#include <QJsonObject>
#include <QTimer>
#include <QWizardPage>

class QTableView;

namespace aegis::console {

class MessagePanel;
class RestoreStepModel;
class RestoreWizard;

// Page 5: the restore running, step by step: each row pending, running
// with its progress and time so far, done with its duration, or failed,
// and the rollback's row when there is one. The engine runs on its own
// thread; this page only listens. Cancel (the wizard's) asks first, then
// says what the cancel does.
class ProgressPage : public QWizardPage
{
    Q_OBJECT

public:
    explicit ProgressPage(RestoreWizard *wizard);

    void initializePage() override;
    bool isComplete() const override;

    // The engine was asked to stop (accepted), or the step running now
    // cannot be stopped (the rollback).
    void cancelRequested(bool accepted);

    bool isRunning() const { return m_running; }
    bool hasEnded() const { return m_ended; }
    RestoreStepModel *steps() const { return m_model; }
    QTableView *table() const { return m_table; }
    MessagePanel *verdict() const { return m_verdict; }
    MessagePanel *instruction() const { return m_instruction; }

Q_SIGNALS:
    void ended(const aegis::RestoreReport &report);

private:
    void onEnded(const RestoreReport &report);
    void fitRows();

    RestoreWizard *m_wizard;
    bool m_running = false;
    bool m_ended = false;
    QJsonObject m_preflightRecord;
    QString m_cancelText;
    RestoreStepModel *m_model;
    QTableView *m_table;
    MessagePanel *m_instruction;
    MessagePanel *m_verdict;
    QTimer m_tick;
};

} // namespace aegis::console
