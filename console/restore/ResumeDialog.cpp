#include "console/restore/ResumeDialog.h"

#include "console/restore/RestoreWords.h"
#include "console/util/Format.h"
#include "console/widgets/GrowToFit.h"
#include "console/widgets/MessagePanel.h"

#include <QDialogButtonBox>
#include <QFileInfo>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace aegis::console {

QString ResumeDialog::phaseInWords(RestoreJournal::Phase phase)
{
    using Phase = RestoreJournal::Phase;
    switch (phase) {
    case Phase::Stopping:
        return tr("stopping the gateway");
    case Phase::MovingAside:
        return tr("moving the database in use aside");
    case Phase::Copying:
        return tr("copying the backup into place");
    case Phase::Installing:
        return tr("putting the verified copy of the backup in place");
    case Phase::Starting:
        return tr("starting the gateway on the restored copy");
    case Phase::WaitingReady:
        return tr("waiting for the restored gateway to be ready");
    case Phase::SpotChecking:
        return tr("spot-checking the restored data");
    case Phase::VerifyingChain:
        return tr("verifying the restored receipt chains");
    case Phase::Finishing:
        return tr("finishing a verified restore");
    case Phase::RollingBack:
        return tr("rolling back");
    }
    return QString();
}

ResumeDialog::ResumeDialog(const RestoreJournal &journal, QWidget *parent)
    : QDialog(parent)
    , m_advice(ResumeAdvice::forJournal(journal))
    , m_headline(new MessagePanel(this))
    , m_text(new QLabel(this))
{
    setObjectName(QStringLiteral("resumeDialog"));
    setWindowTitle(tr("Unfinished restore"));
    setWindowModality(Qt::WindowModal);
    m_headline->setHeadline(true);
    m_headline->showMessage(StatusColors::Status::Warning,
        tr("A restore of this gateway's database was interrupted. Your original database is safe."),
        m_advice.explanation + QStringLiteral("\n\n") + QString::fromUtf8(journal.toBytes()));

    const RestoreJournal::Original *db = journal.original(QStringLiteral("db"));
    QStringList paragraphs;
    paragraphs << tr("A restore of %1 from the backup %2, started %3, stopped while %4.")
                      .arg(journal.databasePath, QFileInfo(journal.backupPath).fileName(),
                          Format::localTime(journal.startedAt), phaseInWords(journal.phase));
    if (db) {
        paragraphs << tr("The original database was recorded before it was moved (SHA-256 %1…): it is either back "
                         "under its own name or kept as %2. Nothing has been deleted.")
                          .arg(db->sha256.left(16), QFileInfo(db->aside).fileName());
    } else {
        paragraphs << tr("No file had been moved yet: the original database is still in place.");
    }
    // The advice's situation, not the phase again: the rules live in
    // common/restore/ResumeAdvice alone.
    using Situation = ResumeAdvice::Situation;
    switch (m_advice.situation) {
    case Situation::CopyNotVerified:
        paragraphs << tr("Recommended: roll back. The copy of the backup had not been verified yet; rolling back puts "
                         "the original database back in place and starts the gateway on it. Finishing is possible too: "
                         "it redoes the interrupted step and every check.");
        break;
    case Situation::CopyInPlace:
        paragraphs << tr("Recommended: finish. The backup's copy was verified and is in place; finishing checks its "
                         "SHA-256 again, starts the gateway and runs every check (a failure still rolls back). You "
                         "can roll back instead to return to the original database.");
        break;
    case Situation::Verified:
        paragraphs << tr("The restore had been verified: finishing writes its report and deals with the replaced "
                         "files. Rolling back is not offered: it would throw away what the restored gateway has "
                         "recorded since.");
        break;
    case Situation::RollingBack:
        paragraphs << tr("It had failed (%1) and was being rolled back: rolling back completes the return to the "
                         "original database.")
                          .arg(journal.failure.isEmpty() ? tr("no reason recorded")
                                                         : RestoreWords::failure(journal.failure));
        break;
    }
    paragraphs << tr("Until this is done, no new restore can start.");
    m_text->setObjectName(QStringLiteral("resumeExplanation"));
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::PlainText);
    m_text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_text->setText(paragraphs.join(QStringLiteral("\n\n")));

    auto *buttons = new QDialogButtonBox(this);
    auto add = [&](ResumeAdvice::Choice choice) {
        const bool recommended = choice == m_advice.recommended;
        const QString text = choice == ResumeAdvice::Choice::Finish
            ? (recommended ? tr("&Finish the restore (recommended)") : tr("&Finish the restore"))
            : (recommended ? tr("&Roll back (recommended)") : tr("&Roll back"));
        QPushButton *button = buttons->addButton(text, QDialogButtonBox::AcceptRole);
        button->setObjectName(choice == ResumeAdvice::Choice::Finish ? QStringLiteral("resumeFinish")
                                                                     : QStringLiteral("resumeRollBack"));
        if (recommended) {
            button->setDefault(true);
            button->setFocus();
        }
        connect(button, &QPushButton::clicked, this, [this, choice] {
            accept();
            Q_EMIT chosen(choice);
        });
        return button;
    };
    // The advised choice first, the other where the rules allow it.
    const ResumeAdvice::Choice other = m_advice.recommended == ResumeAdvice::Choice::Finish ? ResumeAdvice::Choice::RollBack
                                                                                           : ResumeAdvice::Choice::Finish;
    for (ResumeAdvice::Choice choice : {m_advice.recommended, other}) {
        if (!m_advice.allows(choice))
            continue;
        QPushButton *button = add(choice);
        (choice == ResumeAdvice::Choice::Finish ? m_finish : m_rollBack) = button;
    }
    m_later = buttons->addButton(tr("&Later"), QDialogButtonBox::RejectRole);
    m_later->setObjectName(QStringLiteral("resumeLater"));
    m_later->setToolTip(tr("Leave it for now; the Restore page offers it again."));
    connect(m_later, &QPushButton::clicked, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_headline);
    layout->addWidget(m_text);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(640, 360);
    GrowToFit::later(this);
}

} // namespace aegis::console
