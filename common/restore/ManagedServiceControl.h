#pragma once

#include "common/restore/FileOperations.h"
#include "common/restore/ManagedGateway.h"
#include "common/restore/ServiceControl.h"

namespace aegis {

// The gateway binary run as a process of our own (development, drills,
// machines without systemd).
//
// Stop: the process to stop is the one that holds the database's lock (the
// kernel names it), and only if its executable is the managed binary; it
// gets SIGTERM and leaves a single self-contained file. This works whoever
// started the gateway (a console, a script, an earlier aegis-restore),
// without a pid file that could be stale.
// Start: the binary is started detached (it outlives aegis-restore) with
// AEGIS_DB_PATH, AEGIS_BIND and AEGIS_ADMIN_TOKEN_FILE set, output appended
// to the log file.
class ManagedServiceControl : public ServiceControl
{
public:
    ManagedServiceControl(ManagedGateway gateway, FileOperations &files);

    Kind kind() const override { return Kind::Managed; }
    QString describe() const override;
    Result stop() override;
    Result start() override;

    // The pid of the gateway started last (0 before any start).
    qint64 startedPid() const { return m_startedPid; }
    // The gateway started last still runs (not exited, not a zombie, still
    // the managed binary). stop() finds the gateway by its database lock,
    // which a process that has not opened the database yet does not hold:
    // a drill cancelled during start-up stops its own child by pid instead.
    bool startedIsRunning() const;
    Result stopStarted();
    const ManagedGateway &gateway() const { return m_gateway; }

private:
    QString resolvedBinary() const;

    ManagedGateway m_gateway;
    FileOperations &m_files;
    qint64 m_startedPid = 0;
};

} // namespace aegis
