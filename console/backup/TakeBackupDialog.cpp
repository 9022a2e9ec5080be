#include "console/backup/TakeBackupDialog.h"

#include "common/backup/BackupName.h"
#include "common/client/GatewayReply.h"
#include "console/connection/GatewaySession.h"
#include "console/util/Format.h"
#include "console/util/StatusColors.h"
#include "console/widgets/GrowToFit.h"
#include "console/widgets/MessagePanel.h"
#include "console/widgets/ProgressPanel.h"
#include "console/widgets/StatusBadge.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace aegis::console {

TakeBackupDialog::TakeBackupDialog(GatewaySession &session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_name(new QLineEdit(this))
    , m_problem(new StatusBadge(this))
    , m_message(new MessagePanel(this))
    , m_progress(new ProgressPanel(this))
{
    setWindowTitle(tr("Take a backup"));
    setObjectName(QStringLiteral("takeBackupDialog"));
    auto *intro = new QLabel(tr("The gateway copies its database as it is at one moment, while it keeps answering "
                                "agents. The copy and its manifest go to the gateway's backup directory."),
        this);
    intro->setWordWrap(true);
    m_name->setObjectName(QStringLiteral("backupName"));
    m_name->setAccessibleName(tr("Backup name"));
    m_name->setText(BackupName::generated(QDateTime::currentDateTimeUtc()));
    m_problem->setObjectName(QStringLiteral("nameProblem"));
    m_problem->setWordWrap(true);
    m_problem->setPlain(true);
    auto *form = new QFormLayout;
    auto *label = new QLabel(tr("&Name:"), this);
    label->setBuddy(m_name);
    form->addRow(label, m_name);
    form->addRow(QString(), m_problem);

    m_progress->setCancelText(tr("&Stop waiting"));
    auto *buttons = new QDialogButtonBox(this);
    m_take = buttons->addButton(tr("&Take backup"), QDialogButtonBox::ActionRole);
    m_take->setObjectName(QStringLiteral("takeButton"));
    m_take->setDefault(true);
    // Beside the 409 message it answers, not among the dialog's buttons.
    m_newName = m_message->addAction(tr("Use a &new name"));
    m_newName->setVisible(false);
    m_cancel = buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_take, &QPushButton::clicked, this, &TakeBackupDialog::submit);
    connect(m_newName, &QPushButton::clicked, this, [this] {
        setName(freshName(QDateTime::currentDateTimeUtc(), m_name->text()));
        m_message->clear();
        m_newName->setVisible(false);
        m_name->setFocus();
    });
    connect(m_name, &QLineEdit::textChanged, this, &TakeBackupDialog::validate);
    // A message or the progress must be seen whole: the dialog grows.
    connect(m_message, &MessagePanel::shown, this, [this] { GrowToFit::later(this); });
    connect(m_progress, &ProgressPanel::cancelRequested, this, [this] {
        // The gateway finishes the copy anyway; the list will show it.
        if (m_reply)
            m_reply->abort();
    });

    auto *layout = new QVBoxLayout(this);
    // Never smaller than its contents: wrapped text must not be cut.
    layout->setSizeConstraint(QLayout::SetMinimumSize);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(560, sizeHint().height());
    validate();
}

QString TakeBackupDialog::name() const
{
    return m_name->text();
}

void TakeBackupDialog::setName(const QString &name)
{
    m_name->setText(name);
}

QString TakeBackupDialog::freshName(const QDateTime &now, const QString &taken)
{
    const QString base = BackupName::generated(now);
    if (base != taken)
        return base;
    // Same second: number it.
    const QString stem = base.chopped(3);
    for (int n = 2;; ++n) {
        const QString candidate = QStringLiteral("%1-%2.db").arg(stem).arg(n);
        if (candidate != taken)
            return candidate;
    }
}

void TakeBackupDialog::validate()
{
    const QString problem = BackupName::problem(m_name->text());
    m_problem->setStatus(StatusColors::Status::Bad, tr("Not a valid name: %1.").arg(problem));
    m_problem->setVisible(!problem.isEmpty());
    m_take->setEnabled(problem.isEmpty() && !m_reply);
}

void TakeBackupDialog::submit()
{
    validate();
    if (!m_take->isEnabled())
        return;
    m_message->clear();
    m_newName->setVisible(false);
    m_name->setEnabled(false);
    m_take->setEnabled(false);
    m_progress->busy(tr("Taking backup %1 on the gateway…").arg(m_name->text()));
    m_reply = m_session.post(QStringLiteral("/v1/admin/backup"),
        GatewaySession::jsonBody(QJsonObject{{QStringLiteral("filename"), m_name->text()}}), this);
    connect(m_reply, &GatewayReply::finished, this, &TakeBackupDialog::onFinished);
}

void TakeBackupDialog::onFinished()
{
    GatewayReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    m_progress->finish();
    m_name->setEnabled(true);
    validate();
    if (reply->ok()) {
        Q_EMIT backupTaken(reply->json().object());
        accept();
        return;
    }
    const QString message = reply->json().object().value(QStringLiteral("message")).toString();
    switch (reply->status()) {
    case 400:
        m_message->showMessage(StatusColors::Status::Bad,
            tr("The gateway refused the name: %1").arg(message.isEmpty() ? reply->errorText() : message),
            reply->detail());
        m_name->setFocus();
        return;
    case 409:
        m_message->showMessage(StatusColors::Status::Bad,
            tr("A backup named %1 already exists, or is being written right now. Nothing was overwritten. "
               "Choose another name, or use a new timestamped one.")
                .arg(m_name->text()),
            reply->detail());
        m_newName->setVisible(true);
        m_newName->setFocus();
        return;
    case 507:
        m_message->showMessage(StatusColors::Status::Bad,
            tr("The gateway's disk is full: the backup was not written and nothing was left behind. Free space in "
               "the backup directory, or delete old backups, and try again."),
            reply->detail());
        return;
    default:
        break;
    }
    if (reply->failure() == GatewayReply::Failure::Cancelled) {
        m_message->showMessage(StatusColors::Status::Warning,
            tr("Stopped waiting. The gateway may still finish the backup; it will then appear in the list."));
        return;
    }
    m_message->showMessage(StatusColors::Status::Bad, tr("The backup was not taken: %1").arg(reply->errorText()),
        reply->detail());
}

} // namespace aegis::console
