#pragma once

#include <QString>

namespace aegis {

// Makes sure the open-file limit (RLIMIT_NOFILE) covers the connection cap
// before the gateway starts, instead of learning at the first flood that
// it does not (accept4 then fails with EMFILE). The soft limit is raised
// as far as the hard one allows; what still does not fit is refused.
class DescriptorBudget
{
public:
    struct Outcome
    {
        bool fits = false;
        quint64 needed = 0;
        quint64 softBefore = 0;
        quint64 softAfter = 0;
        quint64 hard = 0;
        QString refusal; // for the operator when it does not fit
    };

    // Descriptors for `maxConnections` clients plus everything else the
    // gateway holds open (database files per thread, the listener, logs,
    // backups, the probe slots, the reserve).
    static quint64 needed(int maxConnections, int workerThreads);
    static Outcome ensure(int maxConnections, int workerThreads);
};

} // namespace aegis
