#pragma once

#include "common/restore/ServiceControl.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

namespace aegis::console {

// How the gateway of a connection profile is stopped and started for local
// operations (RESTORE_AND_DRILL.md, "Service control"). The console only
// records the choice; the restore and drill engines act on it.
struct ServiceControl
{
    Q_DECLARE_TR_FUNCTIONS(ServiceControl)

public:
    // The restore engine's kinds, so a profile hands its choice over as it is.
    using Kind = aegis::ServiceControl::Kind;

    Kind kind = Kind::Manual;
    QString unit = QStringLiteral("aegis-gateway.service");
    QString stopCommand;
    QString startCommand;
    QString gatewayBinary;

    // "systemd", "command", "managed", "manual": as stored and as the
    // restore engine's configuration names them.
    static QString kindName(Kind kind);
    static std::optional<Kind> kindFromName(const QString &name);
    // For people: "systemd unit aegis-gateway.service".
    static QString kindLabel(Kind kind);
    QString describe() const;

    bool operator==(const ServiceControl &other) const = default;
};

} // namespace aegis::console
