#pragma once

#include <QString>

namespace aegis {

// How the gateway is stopped and started (RESTORE_AND_DRILL.md, "Service
// control"). A ServiceControl only asks: the restore engine then proves the
// effect itself (GatewayStateWaiter), because a command that returned 0 has
// not shown that the gateway let go of its database.
class ServiceControl
{
public:
    enum class Kind
    {
        Systemd,
        Command,
        Managed,
        Manual
    };

    struct Result
    {
        bool ok = false;
        QString detail; // what was done or why it failed; never a secret
        qint64 pid = 0; // the process started, when the control knows it (managed)
    };

    virtual ~ServiceControl() = default;

    virtual Kind kind() const = 0;
    // "systemctl stop|start aegis-gateway.service", for plans and reports.
    virtual QString describe() const = 0;
    virtual Result stop() = 0;
    virtual Result start() = 0;

    // A person acts (manual): the engine waits longer for the effect.
    bool needsOperator() const { return kind() == Kind::Manual; }

    static QString kindName(Kind kind);
};

} // namespace aegis
