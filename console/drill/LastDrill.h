#pragma once

#include "common/drill/DrillReport.h"
#include "console/util/StatusColors.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <optional>

namespace aegis::console {

// The overview's "last drill": its result and age in one badge. A failed
// drill is an alarm; a passed one older than a week is a warning (nobody
// has proven the backups restorable lately); none at all, or a cancelled
// one, is a warning too.
class LastDrill
{
    Q_DECLARE_TR_FUNCTIONS(LastDrill)

public:
    static constexpr int WarningDays = 8;

    static StatusColors::Status status(const std::optional<DrillReport> &last, const QDateTime &now);
    static QString describe(const std::optional<DrillReport> &last, const QDateTime &now);
};

} // namespace aegis::console
