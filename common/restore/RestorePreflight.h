#pragma once

#include "common/db/DatabaseInspector.h"
#include "common/restore/BackupReadAhead.h"
#include "common/restore/FileOperations.h"
#include "common/restore/PreflightResult.h"
#include "common/restore/ProgressUnit.h"
#include "common/restore/RestoreContext.h"
#include "common/restore/RestoreOptions.h"

#include <functional>
#include <memory>
#include <optional>

namespace aegis {

// Step 1: every check RESTORE_AND_DRILL.md lists, and the dry-run plan.
// Reads only: the backup (read-only, immutable), the live database (read-only,
// to count what would be lost), free space, a lock probe is not needed yet.
// Every check runs even after one fails, so that the operator sees all the
// reasons at once.
class RestorePreflight
{
public:
    RestorePreflight(RestoreContext &context, const RestoreOptions &options, std::function<bool()> cancelled = {});

    PreflightResult run();

    // The margin actually used for a backup of this size (see RestoreOptions).
    static qint64 marginFor(qint64 backupBytes, qint64 configured);

private:
    using Check = PreflightCheck (RestorePreflight::*)();

    // One function per check, each returning its verdict; run() calls them
    // in this order, because later ones read what earlier ones found (the
    // backup's summary, its manifest, its size).
    PreflightCheck checkNoUnfinishedRestore();
    PreflightCheck checkPaths();
    PreflightCheck checkBackupIntegrity();
    PreflightCheck checkManifest();
    PreflightCheck checkSha256();
    PreflightCheck checkSchema();
    PreflightCheck checkChains();
    PreflightCheck checkSpace();
    PreflightCheck checkOwnership();
    PreflightCheck checkAdminToken();
    PreflightCheck checkDataLoss();

    void startPlan();
    void planBackup();
    void planBackupAge();
    void planFiles();
    void progress(qint64 done, qint64 total, ProgressUnit unit, const QString &what);

    RestoreContext &m_context;
    const RestoreOptions &m_options;
    std::function<bool()> m_cancelled;
    PreflightResult m_result;

    // Found by one check, read by later ones.
    QString m_database;
    QString m_backupPath;
    QString m_manifestPath;
    std::optional<DatabaseSummary> m_backup; // readable and sound, else empty
    std::optional<FileStatus> m_liveStatus;
    std::unique_ptr<BackupReadAhead> m_readAhead; // the backup's sha256 and chains, beside its integrity check
};

} // namespace aegis
