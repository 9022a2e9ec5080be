#pragma once

#include "common/client/GatewayEndpoint.h"
#include "common/drill/BackupSource.h"

#include <QString>

#include <chrono>
#include <optional>

namespace aegis {

// What the operator chooses for one drill; the injected pieces are in
// DrillRunner::Dependencies.
struct DrillOptions
{
    // The production gateway: only asked (backup, catalog, file), never
    // stopped, restarted or written to beyond the backup it is asked for.
    GatewayEndpoint production;
    BackupSource backup;
    // The binary the throwaway gateway runs (the installed one).
    QString gatewayBinary;
    // Where the scratch directory is made (default: the system's temp dir).
    QString scratchParent;

    std::optional<std::chrono::milliseconds> maxRecoveryPoint;
    std::optional<std::chrono::milliseconds> maxRecoveryTime;

    std::chrono::milliseconds readyTimeout{120000};
    std::chrono::milliseconds stopTimeout{60000};
    std::chrono::milliseconds pollInterval{100};
    int requestTimeoutMs = 15000;
    int verifyTimeoutMs = 10 * 60 * 1000;
    int downloadTimeoutMs = 60 * 60 * 1000;
};

} // namespace aegis
