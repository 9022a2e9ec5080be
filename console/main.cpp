// aegis-console: the operator's desktop console for the Aegis gateway.
#include "console/app/ConsoleIcons.h"
#include "console/app/MainWindow.h"
#include "console/connection/TokenStore.h"
#include "console/util/BackgroundTask.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Aegis"));
    QApplication::setApplicationName(QStringLiteral("aegis-console"));
    QApplication::setApplicationDisplayName(QStringLiteral("Aegis Console"));
    QApplication::setApplicationVersion(QStringLiteral(AEGIS_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("aegis-console"));
    QApplication::setWindowIcon(aegis::console::ConsoleIcons::application());

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main",
        "The operator's console of the Aegis gateway.\n\n"
        "On first start it offers the local gateway (http://127.0.0.1:8080, or AEGIS_CONSOLE_DEFAULT_URL) with "
        "the admin token read from db/admin.token, from beside AEGIS_CONSOLE_DEFAULT_DB, from the repository it "
        "was built in (scripts/run.sh's db/admin.token), from the file /etc/aegis/aegis-gateway.env names, or "
        "from /var/lib/aegis/admin.token."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption noKeychain(QStringLiteral("no-keychain"),
        QApplication::translate("main", "Keep admin tokens in files readable only by you, never in the system keychain."));
    parser.addOption(noKeychain);
    parser.process(app);

    QSettings settings;
    aegis::console::TokenStore tokens(parser.isSet(noKeychain) ? aegis::console::TokenStore::Mode::FileOnly
                                                               : aegis::console::TokenStore::Mode::KeychainFirst);
    aegis::console::ConsoleServices services;
    services.settings = &settings;
    services.tokens = &tokens;
    services.localGateway = aegis::console::LocalGatewayDefaults::inputsFromEnvironment();
    services.runbooks.applicationDirectory = QCoreApplication::applicationDirPath();

    int status = 0;
    {
        aegis::console::MainWindow window(services);
        window.show();
        window.start();
        status = QApplication::exec();
    }
    aegis::console::BackgroundTask::waitForAll();
    return status;
}
