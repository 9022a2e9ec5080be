#include "gateway/app/DescriptorBudget.h"

#include "gateway/http/ConnectionAdmission.h"

#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>

namespace aegis {

namespace {

// Measured: an idle gateway holds 19 descriptors; a backup, a restore
// check and verification each add a few. Each worker thread opens the
// database (file, -wal, -shm) and an event dispatcher.
constexpr quint64 FixedMargin = 64;
constexpr quint64 PerWorkerThread = 4;

} // namespace

quint64 DescriptorBudget::needed(int maxConnections, int workerThreads)
{
    return quint64(maxConnections) + quint64(ConnectionAdmission::ProbeSlots) + FixedMargin
        + PerWorkerThread * quint64(workerThreads);
}

DescriptorBudget::Outcome DescriptorBudget::ensure(int maxConnections, int workerThreads)
{
    Outcome outcome;
    outcome.needed = needed(maxConnections, workerThreads);
    struct rlimit limit = {};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        outcome.refusal = QStringLiteral("cannot read the open-file limit: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return outcome;
    }
    const auto value = [](rlim_t v) { return v == RLIM_INFINITY ? std::numeric_limits<quint64>::max() : quint64(v); };
    outcome.softBefore = outcome.softAfter = value(limit.rlim_cur);
    outcome.hard = value(limit.rlim_max);
    if (outcome.softBefore >= outcome.needed) {
        outcome.fits = true;
        return outcome;
    }
    if (outcome.hard >= outcome.needed) {
        limit.rlim_cur = rlim_t(outcome.needed);
        if (::setrlimit(RLIMIT_NOFILE, &limit) == 0) {
            outcome.softAfter = outcome.needed;
            outcome.fits = true;
            return outcome;
        }
    }
    outcome.refusal = QStringLiteral("AEGIS_MAX_CONNECTIONS: %1 connections need about %2 open files, but the "
                                     "open-file limit is %3 (hard limit %4); lower AEGIS_MAX_CONNECTIONS or raise "
                                     "the limit (LimitNOFILE= in the systemd unit, ulimit -n)")
                          .arg(maxConnections)
                          .arg(outcome.needed)
                          .arg(outcome.softBefore)
                          .arg(outcome.hard);
    return outcome;
}

} // namespace aegis
