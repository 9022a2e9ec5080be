#pragma once

#include "common/restore/PreflightResult.h"
#include "common/restore/RestoreContext.h"
#include "common/restore/RestoreOptions.h"

#include <functional>

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
    void progress(qint64 done, qint64 total, const QString &what);
    PreflightCheck &add(const QString &id, const QString &title);

    RestoreContext &m_context;
    const RestoreOptions &m_options;
    std::function<bool()> m_cancelled;
    PreflightResult m_result;
};

} // namespace aegis
