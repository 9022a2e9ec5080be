#include "console/connection/ConnectDialog.h"

#include "console/widgets/BuddyLabel.h"
#include "console/widgets/GrowToFit.h"
#include "console/widgets/MessagePanel.h"

#include <QAction>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

namespace aegis::console {

namespace {

QWidget *withBrowse(QLineEdit *edit, QWidget *parent, const std::function<void()> &browse)
{
    auto *row = new QWidget(parent);
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    auto *button = new QToolButton(row);
    button->setText(QCoreApplication::translate("ConnectDialog", "Browse…"));
    button->setAccessibleName(QCoreApplication::translate("ConnectDialog", "Browse for %1").arg(edit->accessibleName()));
    QObject::connect(button, &QToolButton::clicked, row, browse);
    layout->addWidget(button);
    return row;
}

} // namespace

ConnectDialog::ConnectDialog(TokenStore *tokens, QWidget *parent)
    : QDialog(parent)
    , m_tokens(tokens)
{
    buildUi();
    connect(&m_tester, &ConnectionTester::finished, this, &ConnectDialog::onTested);
    startNewProfile();
    // Wide enough for a path, as tall as the rows shown need.
    constexpr int width = 660;
    layout()->activate();
    resize(width, layout()->hasHeightForWidth() ? layout()->totalHeightForWidth(width) : sizeHint().height());
}

void ConnectDialog::buildUi()
{
    setWindowTitle(tr("Connect to a gateway"));
    setObjectName(QStringLiteral("connectDialog"));
    m_intro = new QLabel(this);
    m_intro->setObjectName(QStringLiteral("connectIntro"));
    m_intro->setWordWrap(true);
    m_intro->setTextFormat(Qt::PlainText);

    QFormLayout *gatewayForm = buildGatewayForm();
    buildLocalOperations();
    buildMessageAndButtons();

    auto *layout = new QVBoxLayout(this);
    // Never smaller than its contents: wrapped text must not be cut.
    layout->setSizeConstraint(QLayout::SetMinimumSize);
    layout->addWidget(m_intro);
    layout->addLayout(gatewayForm);
    layout->addWidget(m_local);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(m_buttons);
}

// The gateway itself: name, URL, token, CA certificate.
QFormLayout *ConnectDialog::buildGatewayForm()
{
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("profileName"));
    m_name->setAccessibleName(tr("Connection name"));
    m_url = new QLineEdit(this);
    m_url->setObjectName(QStringLiteral("gatewayUrl"));
    m_url->setAccessibleName(tr("Gateway URL"));
    m_url->setPlaceholderText(QStringLiteral("http://127.0.0.1:8080"));
    m_token = new QLineEdit(this);
    m_token->setObjectName(QStringLiteral("adminToken"));
    m_token->setAccessibleName(tr("Admin token"));
    m_token->setEchoMode(QLineEdit::Password);
    QAction *reveal = m_token->addAction(style()->standardIcon(QStyle::SP_FileDialogContentsView),
        QLineEdit::TrailingPosition);
    reveal->setCheckable(true);
    reveal->setToolTip(tr("Show the token"));
    connect(reveal, &QAction::toggled, this,
        [this](bool on) { m_token->setEchoMode(on ? QLineEdit::Normal : QLineEdit::Password); });
    connect(m_token, &QLineEdit::textChanged, this, &ConnectDialog::updateIntro);
    m_tokenHint = new QLabel(this);
    m_tokenHint->setWordWrap(true);
    m_tokenHint->setTextFormat(Qt::PlainText);
    m_caCertificate = new QLineEdit(this);
    m_caCertificate->setObjectName(QStringLiteral("caCertificate"));
    m_caCertificate->setAccessibleName(tr("CA certificate"));
    m_caCertificate->setPlaceholderText(tr("Only for HTTPS with a private certificate authority"));

    auto *form = new QFormLayout;
    auto *nameLabel = BuddyLabel::create(tr("&Name:"), m_name, this);
    auto *urlLabel = BuddyLabel::create(tr("Gateway &URL:"), m_url, this);
    auto *tokenLabel = BuddyLabel::create(tr("Admin &token:"), m_token, this);
    auto *caLabel = BuddyLabel::create(tr("C&A certificate:"), m_caCertificate, this);
    form->addRow(nameLabel, m_name);
    form->addRow(urlLabel, m_url);
    form->addRow(tokenLabel, m_token);
    form->addRow(QString(), m_tokenHint);
    form->addRow(caLabel, withBrowse(m_caCertificate, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("CA certificate"), m_caCertificate->text(),
            tr("PEM certificates (*.pem *.crt);;All files (*)"));
        if (!file.isEmpty())
            m_caCertificate->setText(file);
    }));
    return form;
}

// What only local operations need: the database, the backups, and how
// the gateway is stopped and started.
void ConnectDialog::buildLocalOperations()
{
    m_local = new QGroupBox(tr("For local operations (restore, drills, offline checks)"), this);
    m_database = new QLineEdit(m_local);
    m_database->setObjectName(QStringLiteral("databasePath"));
    m_database->setAccessibleName(tr("Database path"));
    m_backups = new QLineEdit(m_local);
    m_backups->setAccessibleName(tr("Backup directory"));
    m_serviceKind = new QComboBox(m_local);
    m_serviceKind->setAccessibleName(tr("Service control"));
    for (auto kind : {ServiceControl::Kind::Systemd, ServiceControl::Kind::Command, ServiceControl::Kind::Managed,
             ServiceControl::Kind::Manual})
        m_serviceKind->addItem(ServiceControl::kindLabel(kind), ServiceControl::kindName(kind));
    m_unit = new QLineEdit(m_local);
    m_unit->setAccessibleName(tr("systemd unit"));
    m_stopCommand = new QLineEdit(m_local);
    m_stopCommand->setAccessibleName(tr("Stop command"));
    m_startCommand = new QLineEdit(m_local);
    m_startCommand->setAccessibleName(tr("Start command"));
    m_gatewayBinary = new QLineEdit(m_local);
    m_gatewayBinary->setAccessibleName(tr("Gateway binary"));
    // One line: a wrapped label in a group box's form is measured short.
    m_manualHint = new QLabel(tr("You stop and start it; the restore wizard waits until it sees you did."), m_local);
    connect(m_serviceKind, &QComboBox::currentIndexChanged, this, &ConnectDialog::updateServiceFields);
    connect(m_database, &QLineEdit::textChanged, this, &ConnectDialog::lookBesideDatabase);

    auto *localForm = new QFormLayout(m_local);
    auto *dbLabel = BuddyLabel::create(tr("&Database:"), m_database, m_local);
    auto *backupLabel = BuddyLabel::create(tr("Backup &directory:"), m_backups, m_local);
    auto *serviceLabel = BuddyLabel::create(tr("&Service control:"), m_serviceKind, m_local);
    localForm->addRow(dbLabel, withBrowse(m_database, m_local, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Gateway database"), m_database->text(),
            tr("SQLite databases (*.db);;All files (*)"));
        if (!file.isEmpty())
            m_database->setText(file);
    }));
    localForm->addRow(backupLabel, withBrowse(m_backups, m_local, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Backup directory"), m_backups->text());
        if (!dir.isEmpty())
            m_backups->setText(dir);
    }));
    localForm->addRow(serviceLabel, m_serviceKind);
    m_localForm = localForm;
    auto *unitLabel = BuddyLabel::create(tr("U&nit:"), m_unit, m_local);
    auto *stopLabel = BuddyLabel::create(tr("Sto&p command:"), m_stopCommand, m_local);
    auto *startLabel = BuddyLabel::create(tr("Sta&rt command:"), m_startCommand, m_local);
    auto *binaryLabel = BuddyLabel::create(tr("Gateway &binary:"), m_gatewayBinary, m_local);
    localForm->addRow(unitLabel, m_unit);
    localForm->addRow(stopLabel, m_stopCommand);
    localForm->addRow(startLabel, m_startCommand);
    localForm->addRow(binaryLabel, withBrowse(m_gatewayBinary, m_local, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Gateway binary"), m_gatewayBinary->text());
        if (!file.isEmpty())
            m_gatewayBinary->setText(file);
    }));
    localForm->addRow(QString(), m_manualHint);
}

// The message of a test that failed, with "Save anyway" beside it, and the
// dialog's buttons.
void ConnectDialog::buildMessageAndButtons()
{
    m_message = new MessagePanel(this);
    m_message->setObjectName(QStringLiteral("connectMessage"));
    connect(m_message, &MessagePanel::shown, this, [this] { GrowToFit::later(this); });

    m_buttons = new QDialogButtonBox(this);
    m_connect = m_buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    m_connect->setObjectName(QStringLiteral("connectButton"));
    m_connect->setDefault(true);
    m_test = m_buttons->addButton(tr("&Test connection"), QDialogButtonBox::ActionRole);
    // Beside the message that says why the test failed, not among the
    // dialog's buttons: it only makes sense next to that reason.
    m_saveAnyway = m_message->addAction(tr("Save &anyway"));
    m_saveAnyway->setVisible(false);
    m_saveAnyway->setToolTip(tr("Keep these settings although the test failed (the gateway may be down now)"));
    m_buttons->addButton(QDialogButtonBox::Cancel);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_connect, &QPushButton::clicked, this, [this] { runTest(true); });
    connect(m_test, &QPushButton::clicked, this, [this] { runTest(false); });
    connect(m_saveAnyway, &QPushButton::clicked, this, &ConnectDialog::save);
}

void ConnectDialog::startNewProfile()
{
    m_profileId = ConnectionProfile::newId();
    m_storedToken.clear();
    m_prefilled = false;
    m_searched.clear();
    m_tokenFile.clear();
    m_fileToken.clear();
    m_intro->setText(tr("Enter the gateway's address and its admin token."));
    m_name->setText(tr("Gateway"));
    m_url->setText(QStringLiteral("http://127.0.0.1:8080"));
    m_token->clear();
    m_token->setPlaceholderText(QString());
    m_tokenHint->setText(tr("Kept in the system keychain (or, without one, in a file only you can read)."));
    m_message->clear();
    m_saveAnyway->hide();
    updateServiceFields();
}

void ConnectDialog::prefill(const LocalGatewayDefaults &defaults, bool firstStart)
{
    startNewProfile();
    m_name->setText(tr("Local gateway"));
    m_url->setText(defaults.url.toString());
    {
        // The token found is the one to use, even where the file beside
        // the database holds another (AEGIS_ADMIN_TOKEN_FILE).
        const QSignalBlocker quiet(m_database);
        m_database->setText(defaults.databasePath);
    }
    m_backups->setText(defaults.backupDirectory);
    m_serviceKind->setCurrentIndex(m_serviceKind->findData(ServiceControl::kindName(defaults.service.kind)));
    m_unit->setText(defaults.service.unit);
    m_prefilled = true;
    m_firstStart = firstStart;
    m_searched = defaults.searched;
    m_tokenFile = defaults.tokenFile;
    m_fileToken = defaults.token;
    m_token->setText(QString::fromUtf8(defaults.token));
    updateIntro();
    if (!defaults.problem.isEmpty())
        m_message->showMessage(StatusColors::Status::Warning, defaults.problem);
    if (!defaults.hasToken())
        m_token->setFocus();
    else
        m_connect->setFocus();
}

void ConnectDialog::updateIntro()
{
    if (!m_prefilled)
        return;
    QString intro = m_firstStart ? tr("Welcome. The console needs to know which Aegis gateway to manage. ") : QString();
    const QString file = tokenFileInUse();
    if (!file.isEmpty()) {
        intro += tr("The local gateway's address is filled in, and its admin token was read from %1. "
                    "Press Connect.")
                     .arg(file);
    } else if (!token().isEmpty()) {
        intro += tr("The local gateway's address is filled in, and the admin token you entered is used. "
                    "Press Connect.");
    } else {
        intro += tr("The local gateway's address is filled in, but no admin token file was found (looked in: "
                    "%1). Paste the admin token and press Connect.")
                     .arg(m_searched.join(QStringLiteral(", ")));
    }
    m_intro->setText(intro);
}

QString ConnectDialog::tokenFileInUse() const
{
    return !m_fileToken.isEmpty() && m_token->text().trimmed().toUtf8() == m_fileToken ? m_tokenFile : QString();
}

void ConnectDialog::lookBesideDatabase()
{
    // A token entered by hand, or the one stored for this connection, is
    // the operator's choice: only an empty field or a token read from a
    // file is (re)filled.
    const bool typed = !m_token->text().trimmed().isEmpty() && tokenFileInUse().isEmpty();
    if (typed || (m_token->text().trimmed().isEmpty() && !m_storedToken.isEmpty()))
        return;
    const LocalGatewayDefaults::TokenFile found = LocalGatewayDefaults::readBeside(m_database->text());
    if (found.token.isEmpty() || (found.path == m_tokenFile && found.token == m_fileToken))
        return;
    m_tokenFile = found.path;
    m_fileToken = found.token;
    m_token->setText(QString::fromUtf8(found.token));
    if (!m_prefilled)
        m_tokenHint->setText(tr("Read from %1, beside the database.").arg(found.path));
}

void ConnectDialog::editProfile(const ConnectionProfile &profile, const QByteArray &token,
    const TokenStore::Result &stored)
{
    m_profileId = profile.id;
    m_storedToken = token;
    m_prefilled = false;
    m_tokenFile.clear();
    m_fileToken.clear();
    m_intro->setText(tr("Change this connection. Leave the token empty to keep the stored one."));
    m_name->setText(profile.name);
    m_url->setText(profile.url.toString());
    m_token->clear();
    m_token->setPlaceholderText(token.isEmpty() ? QString() : tr("(unchanged)"));
    m_tokenHint->setText(stored.location == TokenStore::Location::None
            ? tr("No token is stored for this connection.")
            : tr("The stored token is kept in the %1.").arg(TokenStore::locationText(stored.location)));
    m_caCertificate->setText(profile.caCertificatePath);
    {
        const QSignalBlocker quiet(m_database);
        m_database->setText(profile.databasePath);
    }
    m_backups->setText(profile.backupDirectory);
    m_serviceKind->setCurrentIndex(m_serviceKind->findData(ServiceControl::kindName(profile.service.kind)));
    m_unit->setText(profile.service.unit);
    m_stopCommand->setText(profile.service.stopCommand);
    m_startCommand->setText(profile.service.startCommand);
    m_gatewayBinary->setText(profile.service.gatewayBinary);
    m_message->clear();
    if (!stored.warning.isEmpty())
        m_message->showMessage(StatusColors::Status::Warning, stored.warning, stored.detail);
    updateServiceFields();
    // No token stored: the gateway's own file beside the database, if this
    // computer can read it.
    lookBesideDatabase();
}

ConnectionProfile ConnectDialog::profile() const
{
    ConnectionProfile out;
    out.id = m_profileId;
    out.name = m_name->text().trimmed();
    if (out.name.isEmpty())
        out.name = m_url->text().trimmed();
    out.url = QUrl(m_url->text().trimmed(), QUrl::StrictMode);
    out.caCertificatePath = m_caCertificate->text().trimmed();
    out.databasePath = m_database->text().trimmed();
    out.backupDirectory = m_backups->text().trimmed();
    out.service.kind = ServiceControl::kindFromName(m_serviceKind->currentData().toString())
                           .value_or(ServiceControl::Kind::Manual);
    out.service.unit = m_unit->text().trimmed();
    out.service.stopCommand = m_stopCommand->text().trimmed();
    out.service.startCommand = m_startCommand->text().trimmed();
    out.service.gatewayBinary = m_gatewayBinary->text().trimmed();
    return out;
}

QByteArray ConnectDialog::token() const
{
    const QByteArray typed = m_token->text().trimmed().toUtf8();
    return typed.isEmpty() ? m_storedToken : typed;
}

QString ConnectDialog::validate() const
{
    const QUrl url(m_url->text().trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()
        || (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")))
        return tr("The gateway URL must look like http://127.0.0.1:8080 or https://gateway.example.org.");
    if (token().isEmpty())
        return tr("Enter the admin token. The gateway wrote it to the file admin.token beside its database.");
    return QString();
}

void ConnectDialog::updateServiceFields()
{
    const auto kind = ServiceControl::kindFromName(m_serviceKind->currentData().toString())
                          .value_or(ServiceControl::Kind::Manual);
    m_localForm->setRowVisible(m_unit, kind == ServiceControl::Kind::Systemd);
    m_localForm->setRowVisible(m_stopCommand, kind == ServiceControl::Kind::Command);
    m_localForm->setRowVisible(m_startCommand, kind == ServiceControl::Kind::Command);
    m_localForm->setRowVisible(m_gatewayBinary->parentWidget(), kind == ServiceControl::Kind::Managed);
    m_localForm->setRowVisible(m_manualHint, kind == ServiceControl::Kind::Manual);
}

void ConnectDialog::setBusy(bool busy)
{
    m_connect->setEnabled(!busy);
    m_test->setEnabled(!busy);
    m_saveAnyway->setEnabled(!busy);
}

void ConnectDialog::runTest(bool saveOnSuccess)
{
    const QString problem = validate();
    if (!problem.isEmpty()) {
        m_message->showMessage(StatusColors::Status::Bad, problem);
        return;
    }
    m_saveOnSuccess = saveOnSuccess;
    GatewayEndpoint endpoint;
    endpoint.baseUrl = profile().url;
    endpoint.token = token();
    endpoint.caCertificatePath = m_caCertificate->text().trimmed();
    m_message->showMessage(StatusColors::Status::Neutral, tr("Trying %1…").arg(endpoint.baseUrl.toString()));
    setBusy(true);
    m_tester.test(endpoint);
}

void ConnectDialog::onTested(const ConnectionTester::Result &result)
{
    setBusy(false);
    m_message->showMessage(result.status, result.tokenRefused ? tokenRefusedText(result) : result.message, result.detail);
    if (result.authorized) {
        m_saveAnyway->setVisible(false);
        if (m_saveOnSuccess)
            save();
        return;
    }
    m_saveAnyway->setVisible(true);
}

QString ConnectDialog::tokenRefusedText(const ConnectionTester::Result &result) const
{
    // Which token was refused decides what to do: a token read from a file
    // that the gateway at this address refuses belongs to another gateway
    // (another instance on this port, or another database).
    const QString url = m_url->text().trimmed();
    if (const QString file = tokenFileInUse(); !file.isEmpty()) {
        return tr("A gateway (version %1) answers at %2, but it refused this admin token (401), which was read "
                  "from %3. That file belongs to another gateway: check the address (another gateway may run on "
                  "this port), or paste the token of the gateway at %2 (its admin.token beside its database).")
            .arg(result.version, url, file);
    }
    if (m_token->text().trimmed().isEmpty() && !m_storedToken.isEmpty()) {
        return tr("A gateway (version %1) answers at %2, but it refused this admin token (401), the one stored for "
                  "this connection. The gateway may have a new token, or this may be another gateway: check the "
                  "address, and paste the token from the admin.token file beside this gateway's database.")
            .arg(result.version, url);
    }
    return tr("A gateway (version %1) answers at %2, but it refused this admin token (401), which was entered by "
              "hand. Paste the token from the admin.token file beside this gateway's database, and check the "
              "address: another gateway may run on this port.")
        .arg(result.version, url);
}

void ConnectDialog::save()
{
    const QString problem = validate();
    if (!problem.isEmpty()) {
        m_message->showMessage(StatusColors::Status::Bad, problem);
        return;
    }
    setBusy(true);
    const ConnectionProfile saved = profile();
    const QByteArray savedToken = token();
    QPointer<ConnectDialog> self(this);
    m_tokens->write(saved.id, savedToken, [self, saved, savedToken](const TokenStore::Result &stored) {
        if (!self)
            return;
        self->setBusy(false);
        if (!stored.error.isEmpty()) {
            self->m_message->showMessage(StatusColors::Status::Bad, stored.error, stored.detail);
            return;
        }
        Q_EMIT self->connectionSaved(saved, savedToken, stored);
        self->accept();
    });
}

} // namespace aegis::console
