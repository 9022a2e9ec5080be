#pragma once

#include "console/app/ConsoleServices.h"
#include "console/app/PageRegistry.h"
#include "console/connection/ConnectionState.h"
#include "console/navigation/ConsoleContext.h"
#include "console/restore/GatewayStarter.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace aegis::console {

class ConnectDialog;
class ConnectionBanner;
class ConsolePage;
class GatewaySession;
class ProfileStore;
class StatusBadge;

// The console's window: navigation on the left, the page on the right, the
// connection banner above it and the connection in the status bar.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(ConsoleServices services, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens the current profile, or the connect dialog on first start.
    void start();

    GatewaySession *session() const { return m_session.get(); }
    ProfileStore *profiles() const { return m_profiles; }
    ConnectionBanner *banner() const { return m_banner; }
    ConsolePage *page(const QString &id) const;
    void showPage(const QString &id);
    QString currentPageId() const;
    // The dialog is open (window-modal, not blocking) until it is answered.
    ConnectDialog *openConnectDialog(bool firstStart);

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void buildMenus();
    void fitNavigation();
    void useProfile(const QString &profileId);
    void onStateChanged(const ConnectionState &state);
    void updateStartButton();
    void onGatewayStarted(GatewayStarter::Outcome outcome, const QString &detail);
    void updateStatusBar();
    void refreshCurrent();

    ConsoleServices m_services;
    ProfileStore *m_profiles;
    std::unique_ptr<GatewaySession> m_session;
    ConsoleContext m_context;
    QList<PageRegistry::Entry> m_entries;
    QList<ConsolePage *> m_pages;
    ConnectionBanner *m_banner;
    QListWidget *m_navigation;
    QStackedWidget *m_stack;
    QLabel *m_connectionLabel;
    StatusBadge *m_tokenWarning;
    QMenu *m_profileMenu = nullptr;
    GatewayStarter *m_starter = nullptr;
    QPushButton *m_startGateway = nullptr;
};

} // namespace aegis::console
