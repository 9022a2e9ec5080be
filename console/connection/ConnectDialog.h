#pragma once

#include "console/connection/ConnectionProfile.h"
#include "console/connection/ConnectionTester.h"
#include "console/connection/LocalGatewayDefaults.h"
#include "console/connection/TokenStore.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QFormLayout;

namespace aegis::console {

class MessagePanel;

// Creates or edits a connection profile. On first start it comes prefilled
// with the local gateway (address, token from its admin.token file, paths),
// so that confirming is all a newcomer has to do. "Connect" tests the
// address and token first and says in words what is wrong.
class ConnectDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectDialog(TokenStore *tokens, QWidget *parent = nullptr);

    void prefill(const LocalGatewayDefaults &defaults, bool firstStart);
    void editProfile(const ConnectionProfile &profile, const QByteArray &token, const TokenStore::Result &stored);
    void startNewProfile();

    // What the fields say now.
    ConnectionProfile profile() const;
    QByteArray token() const;

    QPushButton *connectButton() const { return m_connect; }
    QPushButton *testButton() const { return m_test; }
    QPushButton *saveAnywayButton() const { return m_saveAnyway; }
    MessagePanel *message() const { return m_message; }

Q_SIGNALS:
    // The profile and its token were stored; the dialog then closes.
    void connectionSaved(const aegis::console::ConnectionProfile &profile, const QByteArray &token,
        const aegis::console::TokenStore::Result &stored);

private:
    void buildUi();
    QFormLayout *buildGatewayForm();
    void buildLocalOperations();
    void buildMessageAndButtons();
    void runTest(bool saveOnSuccess);
    void onTested(const ConnectionTester::Result &result);
    void save();
    void setBusy(bool busy);
    QString validate() const;
    void updateServiceFields();
    // The first-start words follow the token field: read from a file,
    // entered by hand, or still missing.
    void updateIntro();
    // Fills an empty token (or one read from another file) from the
    // admin.token beside the database path, the gateway's default.
    void lookBesideDatabase();
    // The file the token in the field was read from; empty when typed.
    QString tokenFileInUse() const;
    QString tokenRefusedText(const ConnectionTester::Result &result) const;

    TokenStore *m_tokens;
    ConnectionTester m_tester;
    QString m_profileId;
    QByteArray m_storedToken; // the token already stored for an edited profile
    bool m_saveOnSuccess = false;
    // Prefilled for the local gateway: what was searched, and the file the
    // token came from with its contents (to tell it from a pasted one).
    bool m_prefilled = false;
    bool m_firstStart = false;
    QStringList m_searched;
    QString m_tokenFile;
    QByteArray m_fileToken;

    QLabel *m_intro;
    QLineEdit *m_name;
    QLineEdit *m_url;
    QLineEdit *m_token;
    QLabel *m_tokenHint;
    QLineEdit *m_caCertificate;
    QGroupBox *m_local;
    QLineEdit *m_database;
    QLineEdit *m_backups;
    QComboBox *m_serviceKind;
    QFormLayout *m_localForm = nullptr;
    QLabel *m_manualHint;
    QLineEdit *m_unit;
    QLineEdit *m_stopCommand;
    QLineEdit *m_startCommand;
    QLineEdit *m_gatewayBinary;
    MessagePanel *m_message;
    QDialogButtonBox *m_buttons;
    QPushButton *m_connect;
    QPushButton *m_test;
    QPushButton *m_saveAnyway;
};

} // namespace aegis::console
