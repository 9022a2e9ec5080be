#pragma once

#include "common/restore/RestoreJournal.h"
#include "common/restore/RestoreReport.h"
#include "common/restore/ResumeAdvice.h"
#include "console/navigation/ConsolePage.h"
#include "console/restore/RestoreDependencies.h"

#include <QPointer>
#include <QSet>

#include <optional>

class QLabel;
class QPushButton;

namespace aegis::console {

class InfoCard;
class MessagePanel;
class ResumeDialog;
class RestoreWizard;
class SetAsideSection;

// The navigation's Restore page: where a restore would go (from the
// connection profile), the wizard one click away, the last restore's
// outcome. It also looks for an unfinished restore's journal whenever the
// connection (and so the database) changes, at start too, and offers to
// finish or roll it back.
class RestorePage : public ConsolePage
{
    Q_OBJECT

public:
    explicit RestorePage(ConsoleContext &context, QWidget *parent = nullptr);
    ~RestorePage() override;

    void refresh() override;
    void pageShown() override;
    void cancelWork() override;
    // {"backup": "<name>"}: the wizard, with that catalog backup chosen
    // ("" for none).
    void handleRequest(const QVariantMap &request) override;

    // Tests put failing file operations here.
    void setDependencies(RestoreDependencies dependencies) { m_dependencies = std::move(dependencies); }

    RestoreWizard *openWizard(const QString &backupName = QString());
    // The dialog for the unfinished restore found (if any).
    ResumeDialog *openResumeDialog();
    void resume(ResumeAdvice::Choice choice);
    void checkForUnfinishedRestore();

    RestoreWizard *wizard() const;
    ResumeDialog *resumeDialog() const;
    bool hasUnfinishedRestore() const { return m_journal.has_value(); }
    QPushButton *startButton() const { return m_start; }
    MessagePanel *journalMessage() const { return m_journalMessage; }
    MessagePanel *lastResult() const { return m_last; }
    SetAsideSection *setAsideSection() const { return m_setAside; }

Q_SIGNALS:
    // The look for a journal is done (found or not).
    void journalChecked(bool found);

protected:
    void connectionChanged() override;

private:
    void showTarget();
    void onJournal(std::optional<RestoreJournal> journal, const QString &error);
    void onRestoreEnded(const RestoreReport &report);
    RestoreWizard *newWizard();

    RestoreDependencies m_dependencies;
    std::optional<RestoreJournal> m_journal;
    // Journals the operator said "Later" to, this session: not asked again.
    QSet<QString> m_deferred;
    quint64 m_checkGeneration = 0;
    QPointer<RestoreWizard> m_wizard;
    QPointer<ResumeDialog> m_resumeDialog;

    InfoCard *m_card;
    QLabel *m_database;
    QLabel *m_backups;
    QLabel *m_service;
    MessagePanel *m_problem;
    MessagePanel *m_journalMessage;
    MessagePanel *m_last;
    QPushButton *m_start;
    SetAsideSection *m_setAside;
};

} // namespace aegis::console
