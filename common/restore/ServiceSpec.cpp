#include "common/restore/ServiceSpec.h"

#include "common/restore/SystemdServiceControl.h"

namespace aegis {

QString ServiceSpec::describe() const
{
    switch (kind) {
    case ServiceControl::Kind::Systemd:
        return QStringLiteral("systemd unit %1").arg(unit.isEmpty() ? QLatin1String(SystemdServiceControl::DefaultUnit) : unit);
    case ServiceControl::Kind::Command:
        return QStringLiteral("commands (stop: %1; start: %2)").arg(stopCommand, startCommand);
    case ServiceControl::Kind::Managed:
        return QStringLiteral("managed process %1").arg(managed.binary);
    case ServiceControl::Kind::Manual:
        return QStringLiteral("manual");
    }
    return {};
}

QJsonObject ServiceSpec::toJson() const
{
    QJsonObject out{{QStringLiteral("kind"), ServiceControl::kindName(kind)}};
    switch (kind) {
    case ServiceControl::Kind::Systemd:
        out.insert(QStringLiteral("unit"), unit);
        break;
    case ServiceControl::Kind::Command:
        out.insert(QStringLiteral("stop_command"), stopCommand);
        out.insert(QStringLiteral("start_command"), startCommand);
        break;
    case ServiceControl::Kind::Managed:
        out.insert(QStringLiteral("managed"), managed.toJson());
        break;
    case ServiceControl::Kind::Manual:
        break;
    }
    return out;
}

std::optional<ServiceSpec> ServiceSpec::fromJson(const QJsonObject &object, QString *error)
{
    ServiceSpec out;
    const QString kind = object.value(QStringLiteral("kind")).toString();
    if (kind == QLatin1String("systemd")) {
        out.kind = ServiceControl::Kind::Systemd;
        out.unit = object.value(QStringLiteral("unit")).toString();
    } else if (kind == QLatin1String("command")) {
        out.kind = ServiceControl::Kind::Command;
        out.stopCommand = object.value(QStringLiteral("stop_command")).toString();
        out.startCommand = object.value(QStringLiteral("start_command")).toString();
    } else if (kind == QLatin1String("managed")) {
        out.kind = ServiceControl::Kind::Managed;
        out.managed = ManagedGateway::fromJson(object.value(QStringLiteral("managed")).toObject());
    } else if (kind == QLatin1String("manual")) {
        out.kind = ServiceControl::Kind::Manual;
    } else {
        if (error)
            *error = QStringLiteral("unknown service control '%1'").arg(kind);
        return std::nullopt;
    }
    return out;
}

} // namespace aegis
