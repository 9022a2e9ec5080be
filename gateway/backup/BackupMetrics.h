#pragma once

#include <QtGlobal>

namespace aegis {

// What the backup scheduler reports about the backups it takes. The
// gateway's metrics implement it, so that backup/ is handed a sink instead
// of reaching up into app/.
class BackupMetrics
{
public:
    virtual ~BackupMetrics() = default;

    virtual void recordBackup(bool ok, qint64 sizeBytes, qint64 durationMs, qint64 finishedAtSecs) = 0;
};

} // namespace aegis
