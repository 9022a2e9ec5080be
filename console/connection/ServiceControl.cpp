#include "console/connection/ServiceControl.h"

namespace aegis::console {

QString ServiceControl::kindName(Kind kind)
{
    return aegis::ServiceControl::kindName(kind);
}

std::optional<ServiceControl::Kind> ServiceControl::kindFromName(const QString &name)
{
    for (Kind kind : {Kind::Systemd, Kind::Command, Kind::Managed, Kind::Manual}) {
        if (kindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

QString ServiceControl::kindLabel(Kind kind)
{
    switch (kind) {
    case Kind::Systemd:
        return tr("systemd unit");
    case Kind::Command:
        return tr("Stop and start commands");
    case Kind::Managed:
        return tr("Managed by the console (starts the gateway binary itself)");
    case Kind::Manual:
        return tr("Manual (the operator stops and starts it)");
    }
    return QString();
}

QString ServiceControl::describe() const
{
    switch (kind) {
    case Kind::Systemd:
        return tr("systemd unit %1").arg(unit);
    case Kind::Command:
        return tr("commands: stop \"%1\", start \"%2\"").arg(stopCommand, startCommand);
    case Kind::Managed:
        return tr("managed: %1").arg(gatewayBinary);
    case Kind::Manual:
        return tr("manual");
    }
    return QString();
}

} // namespace aegis::console
