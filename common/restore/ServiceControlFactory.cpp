#include "common/restore/ServiceControlFactory.h"

#include "common/restore/CommandServiceControl.h"
#include "common/restore/ManagedServiceControl.h"
#include "common/restore/SystemdServiceControl.h"

namespace aegis {

std::unique_ptr<ServiceControl> ServiceControlFactory::create(const ServiceSpec &spec, CommandRunner &runner,
                                                              FileOperations &files, ManualServiceControl::Tell tell)
{
    switch (spec.kind) {
    case ServiceControl::Kind::Systemd:
        return std::make_unique<SystemdServiceControl>(runner, spec.unit);
    case ServiceControl::Kind::Command:
        return std::make_unique<CommandServiceControl>(runner, spec.stopCommand, spec.startCommand);
    case ServiceControl::Kind::Managed:
        return std::make_unique<ManagedServiceControl>(spec.managed, files);
    case ServiceControl::Kind::Manual:
        return std::make_unique<ManualServiceControl>(std::move(tell));
    }
    return nullptr;
}

} // namespace aegis
