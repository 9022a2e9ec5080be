#include "console/restore/RestorePage.h"

#include "common/restore/PosixFileOperations.h"
#include "common/restore/RestoreEngine.h"
#include "common/restore/RestoreFileNames.h"
#include "console/connection/GatewaySession.h"
#include "console/navigation/PageId.h"
#include "console/restore/EditConnectionLink.h"
#include "console/restore/RestoreRun.h"
#include "console/restore/RestoreTarget.h"
#include "console/restore/RestoreWizard.h"
#include "console/restore/RestoreWords.h"
#include "console/restore/ResumeDialog.h"
#include "console/restore/SetAsideSection.h"
#include "console/util/BackgroundTask.h"
#include "console/util/Format.h"
#include "console/widgets/InfoCard.h"
#include "console/widgets/MessagePanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

#include <utility>

namespace aegis::console {

namespace {

using Status = StatusColors::Status;
using JournalLook = std::pair<std::optional<RestoreJournal>, QString>;

} // namespace

RestorePage::RestorePage(ConsoleContext &context, QWidget *parent)
    : ConsolePage(context, parent)
{
    auto *title = new QLabel(tr("Restore"), this);
    QFont big = title->font();
    big.setPointSizeF(big.pointSizeF() * 1.3);
    big.setBold(true);
    title->setFont(big);
    auto *intro = new QLabel(
        tr("Puts a backup back into service, guided and proven: the backup is checked before anything is touched, "
           "the gateway is stopped and seen stopped, the database in use is moved aside (never deleted), the backup "
           "is copied and verified, the gateway is started, and every receipt chain is verified against the "
           "backup's manifest. If any step fails, the original database is put back."),
        this);
    intro->setWordWrap(true);

    m_card = new InfoCard(tr("This connection restores into"), this);
    m_database = m_card->addRow(tr("Database:"), QStringLiteral("restoreDatabase"));
    m_backups = m_card->addRow(tr("Backup directory:"));
    m_service = m_card->addRow(tr("Gateway stopped and started by:"));
    m_problem = new MessagePanel(this);
    m_problem->setObjectName(QStringLiteral("restoreProblem"));
    connect(m_problem->addAction(tr("&Edit connection…")), &QPushButton::clicked, this,
        [this] { EditConnectionLink::open(this); });
    m_journalMessage = new MessagePanel(this);
    m_journalMessage->setObjectName(QStringLiteral("unfinishedRestore"));
    connect(m_journalMessage->addAction(tr("Finish or roll &back…")), &QPushButton::clicked, this,
        [this] { openResumeDialog(); });
    m_last = new MessagePanel(this);
    m_last->setObjectName(QStringLiteral("lastRestore"));

    m_start = new QPushButton(tr("&Restore a backup…"), this);
    m_start->setObjectName(QStringLiteral("startRestoreButton"));
    m_start->setDefault(true);
    connect(m_start, &QPushButton::clicked, this, [this] { openWizard(); });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(intro);
    layout->addWidget(m_journalMessage);
    layout->addWidget(m_card);
    layout->addWidget(m_problem);
    layout->addLayout(buttons);
    layout->addWidget(m_last);
    // The old databases earlier restores set aside: archive or delete them later.
    m_setAside = new SetAsideSection(this);
    layout->addWidget(m_setAside);
    layout->addStretch(1);
    showTarget();
}

RestorePage::~RestorePage()
{
    // The wizard is a window of the main window, but uses the session,
    // which goes before the main window's children do.
    delete m_resumeDialog;
    delete m_wizard;
}

RestoreWizard *RestorePage::wizard() const
{
    return m_wizard;
}

ResumeDialog *RestorePage::resumeDialog() const
{
    return m_resumeDialog;
}

void RestorePage::showTarget()
{
    const RestoreTarget target = RestoreTarget::fromProfile(session().profile(), QByteArray());
    m_database->setText(target.databasePath.isEmpty() ? tr("(not set)") : target.databasePath);
    m_backups->setText(target.backupDirectory.isEmpty() ? tr("(not set: catalog backups are downloaded first)")
                                                        : target.backupDirectory);
    m_service->setText(target.service.describe());
    const QStringList problems = isConnected() ? target.problems() : QStringList{tr("Not connected to a gateway.")};
    if (problems.isEmpty())
        m_problem->clear();
    else
        m_problem->showMessage(Status::Bad, tr("A restore cannot start yet. %1").arg(problems.join(QLatin1Char(' '))));
    m_start->setEnabled(problems.isEmpty() && !m_journal);
    m_setAside->setTarget(target.databasePath, target.archiveDirectory());
    m_setAside->setBlocked(m_journal.has_value());
}

void RestorePage::refresh()
{
    showTarget();
    checkForUnfinishedRestore();
    m_setAside->refresh();
}

void RestorePage::pageShown()
{
    showTarget();
    m_setAside->refresh(); // files may have been moved by hand or by aegis-restore
}

void RestorePage::connectionChanged()
{
    // Another profile is another database: its own journal, asked afresh.
    m_journal.reset();
    m_journalMessage->clear();
    refresh();
}

void RestorePage::cancelWork()
{
    // The console is closing: a restore stops at its next safe point (and
    // rolls back); the wizard's end waits for it.
    if (m_wizard && m_wizard->run()->isBusy())
        m_wizard->run()->cancel();
}

void RestorePage::handleRequest(const QVariantMap &request)
{
    if (request.contains(QStringLiteral("backup")))
        openWizard(request.value(QStringLiteral("backup")).toString());
}

void RestorePage::checkForUnfinishedRestore()
{
    const QString database = RestoreTarget::fromProfile(session().profile(), QByteArray()).databasePath;
    const quint64 generation = ++m_checkGeneration;
    if (database.isEmpty()) {
        onJournal(std::nullopt, QString());
        return;
    }
    // Reading a file may stall on a network file system: off the UI thread.
    BackgroundTask::run<JournalLook>(this,
        [database] {
            PosixFileOperations files;
            QString error;
            auto journal = RestoreEngine::loadJournal(files, database, &error);
            return JournalLook{std::move(journal), error};
        },
        [this, generation](JournalLook look) {
            if (generation == m_checkGeneration)
                onJournal(std::move(look.first), look.second);
        });
}

void RestorePage::onJournal(std::optional<RestoreJournal> journal, const QString &error)
{
    m_journal = std::move(journal);
    if (!m_journal && !error.isEmpty()) {
        const QString database = RestoreTarget::fromProfile(session().profile(), QByteArray()).databasePath;
        m_journalMessage->showMessage(Status::Bad,
            tr("An unfinished restore left its journal beside the database, but it cannot be read. Nothing was "
               "deleted. Finish or roll it back with aegis-restore --resume --db %1.").arg(database),
            error);
    } else if (m_journal) {
        m_journalMessage->showMessage(Status::Bad,
            tr("A restore of this database was interrupted while %1. Finish it or roll it back before anything else: "
               "the original database is safe.")
                .arg(ResumeDialog::phaseInWords(m_journal->phase)));
    } else {
        m_journalMessage->clear();
    }
    showTarget();
    if (m_journal && !m_deferred.contains(m_journal->id) && !m_wizard)
        openResumeDialog();
    Q_EMIT journalChecked(m_journal.has_value());
}

ResumeDialog *RestorePage::openResumeDialog()
{
    if (!m_journal)
        return nullptr;
    if (m_resumeDialog)
        return m_resumeDialog;
    // The question comes with the page it belongs to.
    context().openPage(PageId::Restore, {});
    auto *dialog = new ResumeDialog(*m_journal, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_resumeDialog = dialog;
    const QString id = m_journal->id;
    connect(dialog, &ResumeDialog::chosen, this, &RestorePage::resume);
    connect(dialog, &QDialog::rejected, this, [this, id] { m_deferred.insert(id); });
    dialog->open();
    return dialog;
}

void RestorePage::resume(ResumeAdvice::Choice choice)
{
    if (!m_journal)
        return;
    RestoreWizard *wizard = newWizard();
    wizard->startResume(*m_journal, choice);
    wizard->open();
}

RestoreWizard *RestorePage::openWizard(const QString &backupName)
{
    if (m_journal) {
        // A new restore would be refused: the interrupted one comes first.
        openResumeDialog();
        return nullptr;
    }
    if (m_wizard && m_wizard->isVisible()) {
        m_wizard->raise();
        m_wizard->activateWindow();
        return m_wizard;
    }
    RestoreWizard *wizard = newWizard();
    wizard->startNew(backupName);
    wizard->open();
    return wizard;
}

RestoreWizard *RestorePage::newWizard()
{
    auto *wizard = new RestoreWizard(session(), m_dependencies, window());
    m_wizard = wizard;
    connect(wizard, &RestoreWizard::restoreEnded, this, &RestorePage::onRestoreEnded);
    connect(wizard, &RestoreWizard::editConnectionRequested, this, [this] { EditConnectionLink::open(this); });
    connect(wizard, &QDialog::finished, this, [this, wizard] {
        // Checks winding down still use the wizard's run: it goes when idle.
        auto *poll = new QTimer(wizard);
        poll->setInterval(100);
        connect(poll, &QTimer::timeout, wizard, [wizard] {
            if (!wizard->run()->isBusy())
                wizard->deleteLater();
        });
        poll->start();
        checkForUnfinishedRestore();
        m_setAside->refresh(); // the restore set one more aside, or archived it
    });
    return wizard;
}

void RestorePage::onRestoreEnded(const RestoreReport &report)
{
    const QString when = report.finishedAt.isEmpty() ? QString() : tr(" (%1)").arg(Format::localTime(report.finishedAt));
    switch (report.outcome) {
    case RestoreReport::Outcome::Verified:
        m_last->showMessage(Status::Good,
            tr("Last restore%1: restored and verified, from %2.")
                .arg(when, report.backup.value(QStringLiteral("path")).toString()));
        break;
    case RestoreReport::Outcome::RolledBack:
    case RestoreReport::Outcome::Aborted:
        m_last->showMessage(Status::Warning,
            tr("Last restore%1: did not complete; the original database is served. What failed: %2")
                .arg(when, RestoreWords::failure(report)));
        break;
    default:
        m_last->showMessage(Status::Bad,
            tr("Last restore%1: needs attention. %2").arg(when, RestoreWords::nextActions(report.nextActions)),
            RestoreWords::failure(report));
        break;
    }
    checkForUnfinishedRestore();
}

} // namespace aegis::console
