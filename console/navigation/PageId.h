#pragma once

#include <QString>

namespace aegis::console {

// The ids of the navigation's pages, for a page that opens another one
// (ConsoleContext::openPage). Apart from PageRegistry so that a page can
// name another without depending on the registry that builds them all.
struct PageId
{
    static inline const QString Overview = QStringLiteral("overview");
    static inline const QString Activity = QStringLiteral("activity");
    static inline const QString Approvals = QStringLiteral("approvals");
    static inline const QString Backups = QStringLiteral("backups");
    static inline const QString Verification = QStringLiteral("verification");
    static inline const QString Restore = QStringLiteral("restore");
    static inline const QString Drills = QStringLiteral("drills");
};

} // namespace aegis::console
