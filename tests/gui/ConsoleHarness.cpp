#include "tests/gui/ConsoleHarness.h"

#include "console/connection/ConnectDialog.h"
#include "console/connection/GatewaySession.h"
#include "console/connection/ProfileStore.h"
#include "tests/support/GatewayApi.h"

#include <QApplication>
#include <QDir>
#include <QPushButton>
#include <QtTest>

#include <csignal>

namespace aegis::test {

ConsoleHarness::ConsoleHarness(const QString &caseName)
    : m_scratch(caseName)
    , m_gateway(std::make_unique<GatewayProcess>(m_scratch.filePath(QStringLiteral("gateway"))))
    , m_settings(std::make_unique<QSettings>(m_scratch.filePath(QStringLiteral("console.ini")), QSettings::IniFormat))
    , m_tokens(std::make_unique<console::TokenStore>(console::TokenStore::Mode::FileOnly,
          console::FileTokenVault(m_scratch.filePath(QStringLiteral("tokens")))))
{
    // Quick refreshes: tests wait for the overview, not for the clock.
    m_settings->setValue(QStringLiteral("overview/refreshSeconds"), 2);
}

ConsoleHarness::~ConsoleHarness()
{
    m_window.reset();
    // Stopped, and its exit status checked, by its own destructor.
    m_gateway.reset();
}

bool ConsoleHarness::startGateway(QString *error)
{
    if (m_gateway->start())
        return true;
    *error = m_gateway->lastError();
    return false;
}

QString ConsoleHarness::gatewayUrl() const
{
    return QStringLiteral("http://127.0.0.1:%1").arg(m_gateway->port());
}

console::ConsoleServices ConsoleHarness::services()
{
    console::ConsoleServices services;
    services.settings = m_settings.get();
    services.tokens = m_tokens.get();
    // What scripts/run.sh gives the console, pointed at this test's gateway;
    // the working directory, the package's settings and /var/lib/aegis are
    // left out so that a developer's own gateway can never be picked up.
    services.localGateway.workingDirectory = m_scratch.filePath(QStringLiteral("nowhere"));
    services.localGateway.defaultDatabase = m_gateway->databasePath();
    services.localGateway.defaultUrl = gatewayUrl();
    services.localGateway.systemDirectory = m_scratch.filePath(QStringLiteral("no-system-dir"));
    services.localGateway.serviceEnvironmentFile = m_scratch.filePath(QStringLiteral("no-service.env"));
    services.refreshSeconds = 2;
    return services;
}

console::MainWindow &ConsoleHarness::window()
{
    if (!m_window) {
        m_window = std::make_unique<console::MainWindow>(services());
        m_window->resize(1280, 820);
        m_window->show();
    }
    return *m_window;
}

bool ConsoleHarness::seed(const QString &tenant, int count, QByteArray *agentToken)
{
    GatewayApi api(m_gateway->adminClient());
    if (tenant != QLatin1String("default") && !api.createTenant(tenant))
        return false;
    const QByteArray token = api.registerAgent(QStringLiteral("agent-") + tenant, tenant);
    if (token.isEmpty())
        return false;
    for (int i = 0; i < count; ++i) {
        // Seq 3, 6, … mutate (require_approval), so that the issue's
        // tampering (seq 3 set to "allow") really changes a receipt.
        const bool mutates = i % 3 == 2;
        const auto response = api.authorize(token, QStringLiteral("github"),
            mutates ? QStringLiteral("merge_pull_request") : QStringLiteral("list_pull_requests"), mutates);
        if (response.status != 200)
            return false;
    }
    if (agentToken)
        *agentToken = token;
    return true;
}

bool ConsoleHarness::connectThroughFirstStart(QString *error)
{
    console::MainWindow &w = window();
    w.start();
    console::ConnectDialog *dialog = nullptr;
    if (!QTest::qWaitFor([&] { return (dialog = w.findChild<console::ConnectDialog *>()) && dialog->isVisible(); }, 5000)) {
        *error = QStringLiteral("the first-start connect dialog did not open");
        return false;
    }
    if (dialog->token() != m_gateway->adminToken()) {
        *error = QStringLiteral("the connect dialog was not prefilled with the gateway's token");
        return false;
    }
    screenshot(dialog, QStringLiteral("connect-dialog-first-start"));
    dialog->connectButton()->click();
    if (!QTest::qWaitFor([&] { return w.session()->state().kind == console::ConnectionState::Kind::Connected; }, 15000)) {
        *error = QStringLiteral("not connected after confirming: state %1, %2")
                     .arg(int(w.session()->state().kind))
                     .arg(w.session()->state().message);
        return false;
    }
    return true;
}

void ConsoleHarness::connectDirectly(const QUrl &url, const QByteArray &token)
{
    console::MainWindow &w = window();
    console::ConnectionProfile profile;
    profile.id = console::ConnectionProfile::newId();
    profile.name = QStringLiteral("Test gateway");
    profile.url = url;
    w.profiles()->save(profile);
    w.profiles()->setCurrentId(profile.id);
    console::TokenStore::Result stored;
    stored.token = token;
    stored.location = console::TokenStore::Location::File;
    w.session()->setConnection(profile, token, stored);
}

QString ConsoleHarness::screenshot(QWidget *widget, const QString &name)
{
    QCoreApplication::processEvents();
    // Runs at 200 % keep their own pictures beside the 100 % ones.
    const QString scale = qEnvironmentVariable("QT_SCALE_FACTOR");
    const QString prefix = scale.isEmpty() ? QString() : QStringLiteral("scale-%1x-").arg(scale);
    const QString path = QDir(artifactDir(QStringLiteral("console"))).filePath(prefix + name + QStringLiteral(".png"));
    widget->grab().save(path);
    return path;
}

QList<QSize> ConsoleHarness::windowSizes()
{
    return {QSize(1024, 700), QSize(1600, 1000)};
}

QString ConsoleHarness::screenshotEverySize(QWidget *window, const QString &name)
{
    const QSize before = window->size();
    const QPalette light = QApplication::palette();
    QStringList problems;
    for (const bool dark : {false, true}) {
        QApplication::setPalette(dark ? darkPalette() : light);
        for (const QSize &size : windowSizes()) {
            window->resize(size);
            // The resize and the layout it starts are posted events.
            QCoreApplication::sendPostedEvents(nullptr, QEvent::LayoutRequest);
            QCoreApplication::processEvents();
            const QString suffix = QStringLiteral("-%1x%2").arg(size.width()).arg(size.height());
            screenshot(window, (dark ? QStringLiteral("dark-") : QString()) + name + suffix);
            if (window->size() != size)
                problems << QStringLiteral("%1 is %2x%3, not %4x%5 (minimum %6x%7)")
                                .arg(name + suffix)
                                .arg(window->width())
                                .arg(window->height())
                                .arg(size.width())
                                .arg(size.height())
                                .arg(window->minimumSizeHint().width())
                                .arg(window->minimumSizeHint().height());
        }
    }
    QApplication::setPalette(light);
    window->resize(before);
    QCoreApplication::processEvents();
    return problems.join(QStringLiteral("; "));
}

QPalette ConsoleHarness::darkPalette()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2e));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Base, QColor(0x1f, 0x1f, 0x22));
    dark.setColor(QPalette::AlternateBase, QColor(0x2a, 0x2a, 0x2e));
    dark.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3a, 0x3e));
    dark.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9e));
    dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x39));
    dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0x7b, 0xd9));
    dark.setColor(QPalette::HighlightedText, QColor(0xff, 0xff, 0xff));
    dark.setColor(QPalette::Link, QColor(0x7a, 0xb3, 0xff));
    dark.setColor(QPalette::Mid, QColor(0x44, 0x44, 0x48));
    dark.setColor(QPalette::Dark, QColor(0x18, 0x18, 0x1a));
    dark.setColor(QPalette::Light, QColor(0x4a, 0x4a, 0x4e));
    dark.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x84));
    dark.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x84));
    dark.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x84));
    return dark;
}

} // namespace aegis::test
