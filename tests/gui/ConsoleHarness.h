#pragma once

#include "console/app/MainWindow.h"
#include "console/connection/TokenStore.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"

#include <QPalette>
#include <QSettings>
#include <QString>

#include <memory>

namespace aegis::test {

// One console against one real gateway, in a scratch directory: its own
// settings file and token files (never the operator's), the gateway on a
// free port, and helpers to drive the window the way an operator would.
class ConsoleHarness
{
public:
    explicit ConsoleHarness(const QString &caseName);
    ~ConsoleHarness();

    ScratchDir &scratch() { return m_scratch; }
    GatewayProcess &gateway() { return *m_gateway; }
    QString gatewayUrl() const;
    bool startGateway(QString *error);

    QSettings &settings() { return *m_settings; }
    console::TokenStore &tokens() { return *m_tokens; }
    console::MainWindow &window();
    console::ConsoleServices services();

    // Registers an agent and makes `count` authorizations (seq 3, 6, 9, …
    // mutating: require_approval; the others allow).
    bool seed(const QString &tenant, int count, QByteArray *agentToken = nullptr);

    // The whole first start: the connect dialog prefilled from the
    // gateway's admin.token, confirmed, and the overview connected.
    bool connectThroughFirstStart(QString *error);
    // Saves and selects a profile directly (for 401 and unreachable cases).
    void connectDirectly(const QUrl &url, const QByteArray &token);

    // Saves a PNG under test-artifacts/console and returns its path.
    static QString screenshot(QWidget *widget, const QString &name);
    // The sizes every window is looked at in: the smallest supported
    // (1024×700) and a large one (1600×1000).
    static QList<QSize> windowSizes();
    // `window` at each of windowSizes(), in the light and in the dark
    // palette: "<name>-1024x700.png", "dark-<name>-1600x1000.png", …; its
    // size and the palette are put back. Returns what went wrong (a size
    // the window would not take: its contents need more room), or nothing.
    static QString screenshotEverySize(QWidget *window, const QString &name);
    static QPalette darkPalette();

private:
    ScratchDir m_scratch;
    std::unique_ptr<GatewayProcess> m_gateway;
    std::unique_ptr<QSettings> m_settings;
    std::unique_ptr<console::TokenStore> m_tokens;
    std::unique_ptr<console::MainWindow> m_window;
};

} // namespace aegis::test
