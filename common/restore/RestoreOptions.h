#pragma once

#include "common/restore/BadFilesDisposition.h"
#include "common/restore/ServiceSpec.h"

#include <QString>

#include <chrono>
#include <optional>

namespace aegis {

// What to restore, where, and the limits of each wait. Everything the
// operator chooses; the injected pieces are in RestoreContext.
struct RestoreOptions
{
    QString backupPath;
    // Empty: <backup>.manifest.json when it exists.
    QString manifestPath;
    // The live database, as the gateway is configured (AEGIS_DB_PATH).
    QString databasePath;
    // Recorded in the journal, so that --resume stops and starts the same way.
    ServiceSpec service;
    QString gatewayUrl;

    // The newest migration the installed gateway binary carries
    // (`aegis-gateway --schema-version`). nullopt: asked from the running
    // gateway's /v1/version; if that does not answer either, the restore
    // is refused (a newer backup must never be started by an older binary).
    std::optional<int> gatewaySchemaVersion;

    // The one override RESTORE_AND_DRILL.md allows: a backup without a
    // manifest (its sha256 and chain heads cannot be checked against one).
    bool allowMissingManifest = false;

    // Free space needed beyond backup + live database; -1: the larger of
    // 64 MiB and a tenth of the backup (room for the gateway's WAL and
    // migrations on the restored copy).
    qint64 spaceMarginBytes = -1;

    std::chrono::milliseconds stopTimeout{60000};
    std::chrono::milliseconds startTimeout{120000};
    // Manual service control: how long a person is given to act.
    std::chrono::milliseconds operatorTimeout{30 * 60 * 1000};
    // How often the stop and the readiness are looked at (a refused connect,
    // a lock probe, a /readyz): cheap, and at 250 ms the two waits were half
    // a second of a 1M-receipt restore's 8.5 s (bench/restore.sh).
    std::chrono::milliseconds pollInterval{50};
    int requestTimeoutMs = 15000;
    int verifyTimeoutMs = 10 * 60 * 1000;

    BadFilesDisposition disposition = BadFilesDisposition::Keep;
    // Where "archive" moves the .bad files; empty: the backup's directory.
    QString archiveDirectory;
    // The JSON report; the text form goes beside it with ".txt". Empty:
    // <db>.restore-<UTC time>.report.json beside the database.
    QString reportPath;
};

} // namespace aegis
