#include "gateway/GatewayLogging.h"
#include "gateway/app/GatewayApp.h"
#include "gateway/app/ServiceNotifier.h"
#include "gateway/app/UnixSignalWatcher.h"
#include "gateway/config/GatewayConfigLoader.h"
#include "gateway/storage/Migration.h"

#include <QCoreApplication>

#include <csignal>
#include <malloc.h>
#include <cstdio>
#include <sys/stat.h>

int main(int argc, char *argv[])
{
    // Everything the gateway creates (database, WAL, backups, the token
    // file) holds evidence or secrets: readable by its own user only.
    ::umask(077);
    // The writer thread allocates and frees in bursts (a batch of
    // authorizations at a time); without this glibc hands its arena back to
    // the kernel after every burst (madvise) and takes it again at the next.
    ::mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
    std::signal(SIGPIPE, SIG_IGN);
    // Past a file-size limit a write should fail (and a backup answer 507),
    // not kill the gateway.
    std::signal(SIGXFSZ, SIG_IGN);

    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("aegis-gateway"));
    QCoreApplication::setApplicationVersion(QStringLiteral(AEGIS_VERSION));

    using aegis::GatewayConfigLoader;
    const GatewayConfigLoader::Result loaded =
        GatewayConfigLoader::load(QCoreApplication::arguments(), QProcessEnvironment::systemEnvironment());
    switch (loaded.action) {
    case GatewayConfigLoader::Action::ShowHelp:
        std::fputs(qPrintable(GatewayConfigLoader::helpText()), stdout);
        return 0;
    case GatewayConfigLoader::Action::ShowVersion:
        std::printf("aegis-gateway %s\n", AEGIS_VERSION);
        return 0;
    case GatewayConfigLoader::Action::ShowSchemaVersion:
        std::printf("%d\n", aegis::MigrationSet::embedded().latestVersion());
        return 0;
    case GatewayConfigLoader::Action::Run:
        break;
    }
    if (loaded.exitCode == GatewayConfigLoader::ExitUsage) {
        // Worded as the tools word a usage error.
        std::fprintf(stderr, "ERROR: %s\n(see aegis-gateway --help)\n", qPrintable(loaded.error));
        return loaded.exitCode;
    }
    if (!loaded.error.isEmpty()) {
        // One line naming the variable, for systemd's status.
        std::fprintf(stderr, "aegis-gateway: %s\n", qPrintable(loaded.error));
        return loaded.exitCode;
    }
    aegis::setUpGatewayLogging(loaded.config.logFormat);

    // Installed before the gateway announces itself, so that a supervisor's
    // SIGTERM right after start-up still means a clean stop.
    aegis::UnixSignalWatcher signalWatcher({SIGTERM, SIGINT});
    aegis::GatewayApp gateway(loaded.config);
    if (const int status = gateway.start(); status != 0)
        return status;
    // Migrations have run and the listener is up: a Type=notify unit counts
    // as started only now, so units ordered after it find it serving.
    aegis::ServiceNotifier notifier;
    notifier.ready(QStringLiteral("serving on port %1").arg(gateway.port()));

    QObject::connect(&signalWatcher, &aegis::UnixSignalWatcher::received, &gateway,
                     [&gateway, &notifier](int signalNumber) {
        const QString reason = signalNumber == SIGTERM ? QStringLiteral("SIGTERM") : QStringLiteral("SIGINT");
        notifier.stopping(QStringLiteral("stopping (%1): requests in flight finish first").arg(reason));
        gateway.shutdown(reason);
    });
    QObject::connect(&gateway, &aegis::GatewayApp::finished, &app, &QCoreApplication::exit);
    return app.exec();
}
