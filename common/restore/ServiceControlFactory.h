#pragma once

#include "common/restore/CommandRunner.h"
#include "common/restore/FileOperations.h"
#include "common/restore/ManualServiceControl.h"
#include "common/restore/ServiceSpec.h"

#include <memory>

namespace aegis {

// Builds the ServiceControl a ServiceSpec describes.
class ServiceControlFactory
{
public:
    static std::unique_ptr<ServiceControl> create(const ServiceSpec &spec, CommandRunner &runner, FileOperations &files,
                                                  ManualServiceControl::Tell tell);
};

} // namespace aegis
