#pragma once

#include "common/restore/ManagedGateway.h"
#include "common/restore/ServiceControl.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace aegis {

// Which service control a restore uses, as data: chosen on the command line
// or in a connection profile, and kept in the journal so that a resumed
// restore stops and starts the gateway the same way.
struct ServiceSpec
{
    ServiceControl::Kind kind = ServiceControl::Kind::Manual;
    QString unit;         // systemd
    QString stopCommand;  // command
    QString startCommand; // command
    ManagedGateway managed;

    QString describe() const;
    QJsonObject toJson() const;
    static std::optional<ServiceSpec> fromJson(const QJsonObject &object, QString *error);
};

} // namespace aegis
