#pragma once

#include "common/restore/FileOperations.h"
#include "common/restore/GatewayProbe.h"
#include "common/restore/RestoreObserver.h"
#include "common/restore/ServiceControl.h"
#include "common/util/Clock.h"

namespace aegis {

// The engine's dependencies, all injected: a test swaps any one of them for
// a version that fails (or kills the process) on demand.
struct RestoreContext
{
    FileOperations &files;
    ServiceControl &service;
    GatewayProbe &gateway;
    Clock &clock;
    RestoreObserver *observer = nullptr;
};

} // namespace aegis
