#pragma once

#include "common/client/GatewayReply.h"
#include <QDialog>
#include <QJsonObject>
#include <QPointer>

class QLabel;
class QLineEdit;
class QPushButton;

namespace aegis::console {

class GatewaySession;
class MessagePanel;
class StatusBadge;
class ProgressPanel;

// Takes a backup on the gateway under a name the operator may edit. The
// name is checked while it is typed (the gateway's own rules, in words);
// the gateway's refusals are explained (400: which rule, 409: the name is
// taken, with a new name one click away, 507: the disk is full).
class TakeBackupDialog : public QDialog
{
    Q_OBJECT

public:
    TakeBackupDialog(GatewaySession &session, QWidget *parent = nullptr);

    QString name() const;
    void setName(const QString &name);
    // A fresh timestamped name, made unique against `taken`.
    static QString freshName(const QDateTime &now, const QString &taken);

    QPushButton *takeButton() const { return m_take; }
    QPushButton *newNameButton() const { return m_newName; }
    MessagePanel *message() const { return m_message; }
    StatusBadge *nameProblem() const { return m_problem; }
    bool isRunning() const { return m_reply != nullptr; }

public Q_SLOTS:
    void submit();

Q_SIGNALS:
    // The gateway's answer to POST /v1/admin/backup.
    void backupTaken(const QJsonObject &answer);

private:
    void validate();
    void onFinished();

    GatewaySession &m_session;
    QPointer<GatewayReply> m_reply;
    QLineEdit *m_name;
    StatusBadge *m_problem;
    MessagePanel *m_message;
    ProgressPanel *m_progress;
    QPushButton *m_take;
    QPushButton *m_newName;
    QPushButton *m_cancel;
};

} // namespace aegis::console
