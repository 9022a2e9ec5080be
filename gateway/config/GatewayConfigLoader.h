#pragma once

#include "gateway/config/GatewayConfig.h"

#include <QProcessEnvironment>
#include <QStringList>

#include <optional>

namespace aegis {

// Reads the configuration from environment variables and the matching
// command-line flags (a flag wins over its variable). The flags go through
// QCommandLineParser as the tools' do, so that --help, --version and a usage
// error (exit 64) read the same everywhere. Every configuration problem is
// reported as one line naming the variable, which main() prints before
// exiting with EX_CONFIG (78), so that systemd shows exactly what to fix.
class GatewayConfigLoader
{
public:
    enum class Action { Run, ShowHelp, ShowVersion, ShowSchemaVersion };

    struct Result
    {
        Action action = Action::Run;
        GatewayConfig config;
        QString error;       // empty on success
        int exitCode = 0;    // 64 (usage) or 78 (configuration) on error
    };

    static Result load(const QStringList &arguments, const QProcessEnvironment &environment);
    static QString helpText();

    static constexpr int ExitUsage = 64;
    static constexpr int ExitConfig = 78;
};

} // namespace aegis
