#pragma once

#include "common/client/GatewayReply.h"
#include "console/backup/BackupVerificationStore.h"
#include "console/navigation/ConsolePage.h"

#include <QJsonObject>
#include <QPointer>

class QLabel;
class QLayout;
class QLineEdit;
class QPushButton;
class QTableView;

namespace aegis::console {

class BackupAge;
class BackupDownload;
class DigestLabel;
class ElasticColumn;
class InfoCard;
class JsonArrayModel;
class MessagePanel;
class ProgressPanel;
class StatusBadge;
class TakeBackupDialog;

// The gateway's backup catalog: take a backup, verify one (restorable or
// not, and why), download one with its digest checked, delete one after
// confirmation, or hand it to the chain verification for the receipt view.
class BackupsPage : public ConsolePage
{
    Q_OBJECT

public:
    explicit BackupsPage(ConsoleContext &context, QWidget *parent = nullptr);

    void refresh() override;
    void pageShown() override;
    void cancelWork() override;

    JsonArrayModel *catalog() const { return m_model; }
    QTableView *table() const { return m_table; }
    MessagePanel *message() const { return m_message; }
    StatusBadge *verifyBadge() const { return m_verifyBadge; }
    DigestLabel *digest() const { return m_detailSha; }
    bool selectBackup(const QString &name);
    QJsonObject selectedBackup() const;

    TakeBackupDialog *openTakeBackup();
    void verifySelected();
    void downloadSelected(const QString &folder = QString());
    void deleteSelected();

Q_SIGNALS:
    void catalogLoaded();
    void verified(const QJsonObject &answer);
    void downloadFinished(bool ok);
    void deleted(const QString &name);

protected:
    void connectionChanged() override;

private:
    QLayout *buildToolbar();
    JsonArrayModel *buildModel(const BackupAge &policy);
    void buildDetail();
    void connectControls();

    void onCatalog(GatewayReply &reply);
    void showSelected();
    void showVerification(const QJsonObject &answer);
    void updateButtons();
    QString apiPath(const QString &name, const QString &suffix = QString()) const;

    BackupVerificationStore m_verifications;
    bool m_loaded = false;
    QString m_selectAfterLoad;
    QPointer<GatewayReply> m_catalogReply;
    QPointer<GatewayReply> m_verifyReply;
    BackupDownload *m_download;

    JsonArrayModel *m_model;
    QTableView *m_table;
    ElasticColumn *m_nameFit = nullptr;
    QPushButton *m_take;
    QPushButton *m_verify;
    QPushButton *m_verifyChain;
    QPushButton *m_downloadButton;
    QPushButton *m_delete;
    MessagePanel *m_message;
    ProgressPanel *m_progress;
    InfoCard *m_detail;
    QLabel *m_detailName;
    QLabel *m_detailPath;
    DigestLabel *m_detailSha;
    QLabel *m_detailContents;
    QLabel *m_detailGateway;
    StatusBadge *m_verifyBadge;
    QLabel *m_verifyChecks;
};

} // namespace aegis::console
