#pragma once

#include <QString>

namespace aegis::console {

// The repository a console runs from when it was built there
// (build/<preset>/console/aegis-console): scripts/run.sh keeps its
// gateway's database and admin token in <root>/db, and the runbooks are in
// <root>/docs. An installed console has none.
class SourceTree
{
public:
    // The repository's root above `applicationDirectory`, or empty.
    static QString rootAbove(const QString &applicationDirectory);
};

} // namespace aegis::console
