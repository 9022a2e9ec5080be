#include "common/restore/TenantLoss.h"

namespace aegis {

QJsonObject TenantLoss::toJson() const
{
    QJsonObject out{{QStringLiteral("tenant"), tenant},
                    {QStringLiteral("receipts"), receipts},
                    {QStringLiteral("decisions"), decisions},
                    {QStringLiteral("live_count"), liveCount},
                    {QStringLiteral("backup_count"), backupCount},
                    {QStringLiteral("common_count"), commonCount},
                    {QStringLiteral("diverged"), diverged}};
    if (commonUnknown)
        out.insert(QStringLiteral("common_unknown"), true);
    return out;
}

} // namespace aegis
