#include "console/app/MainWindow.h"

#include "console/app/AboutDialog.h"
#include "console/app/ConsoleIcons.h"
#include "console/connection/ConnectDialog.h"
#include "console/connection/ConnectionBanner.h"
#include "console/connection/GatewaySession.h"
#include "console/connection/ProfileStore.h"
#include "console/connection/TokenStore.h"
#include "console/navigation/ConsolePage.h"
#include "console/restore/GatewayStarter.h"
#include "console/restore/RestoreTarget.h"
#include "console/util/BackgroundTask.h"
#include "console/util/StatusColors.h"
#include "console/widgets/StatusBadge.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QScrollBar>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QVBoxLayout>

namespace aegis::console {

MainWindow::MainWindow(ConsoleServices services, QWidget *parent)
    : QMainWindow(parent)
    , m_services(std::move(services))
    , m_profiles(new ProfileStore(m_services.settings, this))
    , m_session(std::make_unique<GatewaySession>())
    , m_entries(PageRegistry::pages())
    , m_banner(new ConnectionBanner(this))
    , m_navigation(new QListWidget(this))
    , m_stack(new QStackedWidget(this))
    , m_connectionLabel(new QLabel(this))
    , m_tokenWarning(new StatusBadge(this))
{
    setWindowTitle(tr("Aegis Console"));
    setWindowIcon(ConsoleIcons::application());
    m_context.session = m_session.get();
    m_context.settings = m_services.settings;
    m_context.openPage = [this](const QString &id, const QVariantMap &request) {
        showPage(id);
        if (ConsolePage *target = page(id))
            target->handleRequest(request);
    };
    m_context.settings->setValue(QStringLiteral("overview/refreshSeconds"),
        m_context.settings->value(QStringLiteral("overview/refreshSeconds"), m_services.refreshSeconds));

    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setAccessibleName(tr("Pages"));
    m_navigation->setIconSize(QSize(22, 22));
    m_navigation->setSpacing(2);
    for (const PageRegistry::Entry &entry : std::as_const(m_entries)) {
        auto *item = new QListWidgetItem(entry.icon, entry.title, m_navigation);
        item->setToolTip(entry.toolTip);
        item->setData(Qt::UserRole, entry.id);
        ConsolePage *created = entry.create(m_context, m_stack);
        created->setObjectName(entry.id + QStringLiteral("Page"));
        connect(created, &ConsolePage::navigationBadgeChanged, this, [this, item, title = entry.title](const QString &badge) {
            item->setText(badge.isEmpty() ? title : tr("%1 (%2)").arg(title, badge));
            fitNavigation();
        });
        m_pages.append(created);
        m_stack->addWidget(created);
    }
    // The labels are never cut and never scroll sideways: the list is as
    // wide as its widest label, and the page beside it gives way.
    m_navigation->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_navigation->setTextElideMode(Qt::ElideRight);
    fitNavigation();
    connect(m_navigation, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0 || row >= m_pages.size())
            return;
        m_stack->setCurrentIndex(row);
        m_pages.at(row)->pageShown();
    });

    auto *central = new QWidget(this);
    auto *body = new QHBoxLayout;
    body->addWidget(m_navigation);
    body->addWidget(m_stack, 1);
    auto *layout = new QVBoxLayout(central);
    layout->addWidget(m_banner);
    layout->addLayout(body, 1);
    setCentralWidget(central);

    m_tokenWarning->setVisible(false);
    m_tokenWarning->setPlain(true);
    statusBar()->addWidget(m_connectionLabel, 1);
    statusBar()->addPermanentWidget(m_tokenWarning);
    // A message's details live in the status bar's tooltip while it shows.
    connect(statusBar(), &QStatusBar::messageChanged, this, [this](const QString &message) {
        if (message.isEmpty())
            statusBar()->setToolTip(QString());
    });

    connect(m_session.get(), &GatewaySession::stateChanged, this, &MainWindow::onStateChanged);
    connect(m_session.get(), &GatewaySession::connectionChanged, this, &MainWindow::updateStatusBar);
    connect(m_banner, &ConnectionBanner::retryRequested, this, [this] {
        if (ConsolePage *overview = page(PageRegistry::Overview))
            overview->refresh();
        if (currentPageId() != PageRegistry::Overview)
            refreshCurrent();
    });
    connect(m_banner, &ConnectionBanner::editConnectionRequested, this, [this] { openConnectDialog(false); });
    // Down, and the profile says how to start it: one click, where the
    // operator looks when it is down, on every page.
    m_starter = new GatewayStarter(*m_session, this);
    m_startGateway = m_banner->addAction(tr("&Start the gateway"));
    m_startGateway->setObjectName(QStringLiteral("startGatewayButton"));
    connect(m_startGateway, &QPushButton::clicked, this, [this] {
        m_starter->start();
        updateStartButton();
    });
    connect(m_starter, &GatewayStarter::finished, this, &MainWindow::onGatewayStarted);

    buildMenus();
    m_navigation->setCurrentRow(0);
    onStateChanged(m_session->state());
    resize(1180, 760);
}

MainWindow::~MainWindow()
{
    // Pages own the session's replies: they go first, while the session's
    // network manager still exists.
    for (ConsolePage *p : std::as_const(m_pages))
        p->cancelWork();
    delete m_stack;
    m_stack = nullptr;
    m_pages.clear();
    // Its /health polls too.
    delete m_starter;
    m_starter = nullptr;
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&Connection"));
    QAction *edit = file->addAction(tr("&Edit connection…"), this, [this] { openConnectDialog(false); });
    edit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    file->addAction(tr("&New connection…"), this, [this] {
        ConnectDialog *dialog = openConnectDialog(false);
        dialog->startNewProfile();
    });
    m_profileMenu = file->addMenu(tr("&Switch to"));
    auto rebuild = [this] {
        m_profileMenu->clear();
        auto *group = new QActionGroup(m_profileMenu);
        const QString current = m_profiles->currentId();
        for (const ConnectionProfile &profile : m_profiles->profiles()) {
            QAction *action = m_profileMenu->addAction(profile.name.isEmpty() ? profile.url.toString() : profile.name);
            action->setCheckable(true);
            action->setChecked(profile.id == current);
            group->addAction(action);
            connect(action, &QAction::triggered, this, [this, id = profile.id] { useProfile(id); });
        }
        m_profileMenu->setEnabled(!m_profileMenu->isEmpty());
    };
    rebuild();
    connect(m_profiles, &ProfileStore::changed, this, rebuild);
    connect(m_session.get(), &GatewaySession::connectionChanged, this, rebuild);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *view = menuBar()->addMenu(tr("&View"));
    QAction *refresh = view->addAction(tr("&Refresh"), this, &MainWindow::refreshCurrent);
    refresh->setShortcuts({QKeySequence(Qt::Key_F5), QKeySequence(Qt::CTRL | Qt::Key_R)});
    refresh->setObjectName(QStringLiteral("refreshAction"));
    view->addSeparator();
    for (int i = 0; i < m_entries.size(); ++i) {
        const PageRegistry::Entry &entry = m_entries.at(i);
        QString title = entry.title;
        title.replace(QLatin1Char('&'), QStringLiteral("&&"));
        QAction *go = view->addAction(entry.icon, title, this, [this, id = entry.id] { showPage(id); });
        if (i < 9)
            go->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_1 + i)));
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QMenu *runbooks = help->addMenu(tr("&Runbooks"));
    runbooks->setObjectName(QStringLiteral("runbooksMenu"));
    const QList<Runbooks::Entry> found = Runbooks::find(m_services.runbooks);
    for (const Runbooks::Entry &runbook : found) {
        QAction *open = runbooks->addAction(runbook.title, this,
            [path = runbook.path] { QDesktopServices::openUrl(QUrl::fromLocalFile(path)); });
        open->setData(runbook.path);
        open->setToolTip(runbook.path);
    }
    if (found.isEmpty()) {
        runbooks->addAction(tr("No runbooks found (looked in %1)")
                                .arg(Runbooks::searched(m_services.runbooks).join(QStringLiteral(", "))))
            ->setEnabled(false);
    }
    runbooks->setToolTipsVisible(true);
    QAction *about = help->addAction(tr("&About Aegis Console"), this, [this] {
        auto *dialog = new AboutDialog(*m_session, this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->open();
    });
    about->setObjectName(QStringLiteral("aboutAction"));
}

void MainWindow::fitNavigation()
{
    // QListView puts `spacing` on both sides of every item; a vertical
    // scroll bar (large fonts, a short window) must not cover the text.
    const int width = m_navigation->sizeHintForColumn(0) + 2 * m_navigation->spacing() + 2 * m_navigation->frameWidth()
        + m_navigation->verticalScrollBar()->sizeHint().width();
    m_navigation->setFixedWidth(width);
}

ConsolePage *MainWindow::page(const QString &id) const
{
    for (int i = 0; i < m_entries.size() && i < m_pages.size(); ++i) {
        if (m_entries.at(i).id == id)
            return m_pages.at(i);
    }
    return nullptr;
}

void MainWindow::showPage(const QString &id)
{
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).id == id) {
            m_navigation->setCurrentRow(i);
            return;
        }
    }
}

QString MainWindow::currentPageId() const
{
    const int row = m_navigation->currentRow();
    return row >= 0 && row < m_entries.size() ? m_entries.at(row).id : QString();
}

void MainWindow::refreshCurrent()
{
    const int row = m_navigation->currentRow();
    if (row >= 0 && row < m_pages.size())
        m_pages.at(row)->refresh();
}

void MainWindow::start()
{
    const QString current = m_profiles->currentId();
    if (!current.isEmpty() && !m_profiles->profile(current).isEmpty()) {
        useProfile(current);
        return;
    }
    const QList<ConnectionProfile> all = m_profiles->profiles();
    if (!all.isEmpty()) {
        useProfile(all.first().id);
        return;
    }
    openConnectDialog(true);
}

void MainWindow::useProfile(const QString &profileId)
{
    const ConnectionProfile profile = m_profiles->profile(profileId);
    if (profile.isEmpty())
        return;
    m_profiles->setCurrentId(profileId);
    QPointer<MainWindow> self(this);
    m_services.tokens->read(profileId, [self, profile](const TokenStore::Result &stored) {
        if (!self)
            return;
        self->m_session->setConnection(profile, stored.token, stored);
    });
}

ConnectDialog *MainWindow::openConnectDialog(bool firstStart)
{
    ConnectionProfile profile;
    QByteArray token;
    if (!firstStart && m_session->isConfigured()) {
        profile = m_session->profile();
        token = m_session->storedToken().token;
    }
    auto *dialog = new ConnectDialog(m_services.tokens, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (profile.isEmpty())
        dialog->prefill(LocalGatewayDefaults::discover(m_services.localGateway), firstStart);
    else
        dialog->editProfile(profile, token, m_session->storedToken());
    connect(dialog, &ConnectDialog::connectionSaved, this,
        [this](const ConnectionProfile &saved, const QByteArray &savedToken, const TokenStore::Result &stored) {
            m_profiles->save(saved);
            m_profiles->setCurrentId(saved.id);
            m_session->setConnection(saved, savedToken, stored);
        });
    dialog->open();
    return dialog;
}

void MainWindow::onStateChanged(const ConnectionState &state)
{
    const TokenStore::Result &stored = m_session->storedToken();
    QString tokenSource;
    if (stored.location == TokenStore::Location::Keychain)
        tokenSource = tr("the system keychain");
    else if (stored.location == TokenStore::Location::File)
        tokenSource = m_services.tokens->files().filePath(m_session->profile().id);
    m_banner->showState(state, m_session->profile().url.toString(), tokenSource);
    updateStartButton();
    updateStatusBar();
}

void MainWindow::updateStartButton()
{
    if (!m_starter)
        return; // closing
    const RestoreTarget target = RestoreTarget::fromProfile(m_session->profile(), QByteArray());
    m_startGateway->setVisible(m_session->state().kind == ConnectionState::Kind::Unreachable
                               && GatewayStarter::cannotStart(target).isEmpty());
    m_startGateway->setEnabled(!m_starter->isBusy());
    m_startGateway->setText(m_starter->isBusy() ? tr("Starting the gateway…") : tr("&Start the gateway"));
    m_startGateway->setToolTip(tr("Start it as this connection says: %1").arg(target.service.describe()));
}

void MainWindow::onGatewayStarted(GatewayStarter::Outcome outcome, const QString &detail)
{
    updateStartButton();
    if (outcome == GatewayStarter::Outcome::Answering) {
        // Short enough for a 1024 px window beside the token warning; the
        // process and its log file are in the tooltip.
        statusBar()->showMessage(tr("The gateway was started and answers."), 15000);
        statusBar()->setToolTip(detail);
        if (ConsolePage *overview = page(PageRegistry::Overview))
            overview->refresh();
        if (currentPageId() != PageRegistry::Overview)
            refreshCurrent();
        return;
    }
    const QString text = outcome == GatewayStarter::Outcome::StartFailed
        ? tr("The gateway could not be started.")
        : tr("The gateway was started but does not answer at %1 after a minute. Its log says why (see Details).")
              .arg(m_session->profile().url.toString());
    auto *box = new QMessageBox(QMessageBox::Warning, tr("Start the gateway"), text, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("gatewayStartFailed"));
    box->setDetailedText(detail);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::updateStatusBar()
{
    if (!m_session->isConfigured()) {
        m_connectionLabel->setText(tr("Not connected"));
        m_tokenWarning->setVisible(false);
        return;
    }
    const ConnectionProfile &profile = m_session->profile();
    QString status;
    switch (m_session->state().kind) {
    case ConnectionState::Kind::Connected:
        status = tr("connected");
        break;
    case ConnectionState::Kind::Unknown:
    case ConnectionState::Kind::NotConfigured:
        status = tr("connecting…");
        break;
    case ConnectionState::Kind::Unreachable:
        status = tr("unreachable");
        break;
    case ConnectionState::Kind::TlsFailure:
        status = tr("TLS failure");
        break;
    case ConnectionState::Kind::Unauthorized:
        status = tr("token refused");
        break;
    }
    m_connectionLabel->setText(tr("%1 — %2 — %3").arg(profile.name, profile.url.toString(), status));
    const TokenStore::Result &stored = m_session->storedToken();
    const bool inFile = stored.location == TokenStore::Location::File;
    m_tokenWarning->setVisible(inFile || !stored.error.isEmpty());
    if (!stored.error.isEmpty()) {
        m_tokenWarning->setStatus(StatusColors::Status::Bad, stored.error);
        m_tokenWarning->setToolTip(stored.detail);
    } else if (inFile) {
        m_tokenWarning->setStatus(StatusColors::Status::Warning, tr("Token kept in a file, not a keychain"));
        m_tokenWarning->setToolTip(stored.warning);
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    for (ConsolePage *p : std::as_const(m_pages))
        p->cancelWork();
    event->accept();
}

} // namespace aegis::console
