#include "console/restore/ConfirmPage.h"

#include "common/restore/RestoreFileNames.h"
#include "console/connection/GatewaySession.h"
#include "console/restore/DataLossText.h"
#include "console/restore/RestoreWizard.h"
#include "console/util/Format.h"
#include "console/widgets/MessagePanel.h"

#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace aegis::console {

ConfirmPage::ConfirmPage(RestoreWizard *wizard)
    : QWizardPage(wizard)
    , m_wizard(wizard)
    , m_summary(new QLabel(this))
    , m_prompt(new QLabel(this))
    , m_phrase(new QLineEdit(this))
    , m_match(new QLabel(this))
    , m_manual(new MessagePanel(this))
{
    setObjectName(QStringLiteral("confirmPage"));
    setTitle(tr("Confirm the restore"));
    setSubTitle(tr("From here on the gateway is kept stopped and the backup is put in place. If any step fails, "
                   "the original database is put back and the gateway started."));
    // After this page there is no way back: the restore has begun.
    setCommitPage(true);
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setObjectName(QStringLiteral("confirmSummary"));
    m_prompt->setWordWrap(true);
    m_prompt->setTextFormat(Qt::RichText);
    m_prompt->setBuddy(m_phrase);
    m_phrase->setObjectName(QStringLiteral("confirmationEdit"));
    m_phrase->setAccessibleName(tr("Confirmation: the database's file name"));
    QFont mono = m_phrase->font();
    mono.setStyleHint(QFont::Monospace);
    mono.setFamily(QStringLiteral("monospace"));
    m_phrase->setFont(mono);
    m_match->setObjectName(QStringLiteral("confirmationMatch"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addSpacing(12);
    layout->addWidget(m_manual);
    layout->addWidget(m_prompt);
    layout->addWidget(m_phrase);
    layout->addWidget(m_match);
    layout->addStretch(1);

    connect(m_phrase, &QLineEdit::textChanged, this, [this] {
        const bool matches = isComplete();
        m_match->setText(matches ? tr("✔ Matches. Press “Restore now” to begin.")
                                 : m_phrase->text().isEmpty() ? QString() : tr("Does not match yet."));
        Q_EMIT completeChanged();
    });
}

void ConfirmPage::initializePage()
{
    const RestorePlan &plan = m_wizard->state().preflight.plan;
    m_expected = plan.confirmationPhrase();
    const QString aside = QFileInfo(RestoreFileNames(plan.databasePath, plan.stamp).aside(QStringLiteral("db"))).fileName();
    const QString loss = DataLossText::confirm(plan.loss, aside);
    // As the console last saw the gateway: "will be stopped" about a
    // gateway that is down already would send the operator looking for it.
    const bool down = m_wizard->session().state().kind == ConnectionState::Kind::Unreachable;
    const QString gateway = down
        ? tr("The gateway at %1 is not running now (it does not answer); the restore makes sure it is stopped (%2) "
             "before it touches anything, and starts it at the end.").arg(plan.gatewayUrl, plan.service)
        : tr("The gateway at %1 will be stopped (%2).").arg(plan.gatewayUrl, plan.service);
    m_summary->setText(tr("%1 The database in use, %2, is moved aside as %3, and the backup %4, taken %5, is copied "
                          "into its place, verified, and served. Then every receipt chain is verified against the "
                          "backup's manifest.\n\n%6")
                           .arg(gateway, plan.databasePath, aside, QFileInfo(plan.backupPath).fileName(),
                               Format::localTime(plan.backupCreatedAt), loss));
    m_prompt->setText(tr("To confirm, type the database's file name, <b>%1</b>:").arg(m_expected.toHtmlEscaped()));
    if (m_wizard->target().service.kind == aegis::ServiceControl::Kind::Manual) {
        m_manual->showMessage(StatusColors::Status::Warning,
            tr("You stop and start the gateway yourself: the restore tells you when, and goes on by itself once it "
               "sees the gateway stopped (or answering again). Keep a terminal on the gateway's machine at hand."));
    } else {
        m_manual->clear();
    }
    m_phrase->clear();
    m_phrase->setFocus();
}

bool ConfirmPage::isComplete() const
{
    return !m_expected.isEmpty() && m_phrase->text().trimmed() == m_expected;
}

} // namespace aegis::console
