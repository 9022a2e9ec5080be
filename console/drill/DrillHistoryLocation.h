#pragma once

#include <QString>

namespace aegis::console {

struct ConnectionProfile;

// Where a profile's drill reports accumulate: drills/ in its backup
// directory (beside the backups, as aegis-drill's default), else a folder
// of this user's, per profile.
class DrillHistoryLocation
{
public:
    static QString forProfile(const ConnectionProfile &profile);
};

} // namespace aegis::console
