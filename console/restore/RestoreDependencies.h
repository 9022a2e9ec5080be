#pragma once

#include "common/client/GatewayEndpoint.h"
#include "common/restore/CommandRunner.h"
#include "common/restore/FileOperations.h"
#include "common/restore/GatewayProbe.h"
#include "common/util/Clock.h"

#include <functional>
#include <memory>

namespace aegis::console {

// The engine's outside effects, as aegis-restore takes them: anything left
// null is the real thing (POSIX files, QProcess, the system clock, HTTP).
// Tests put failing file operations here. Whatever is given must outlive
// the restore and be usable from the restore's own thread.
struct RestoreDependencies
{
    FileOperations *files = nullptr;
    CommandRunner *runner = nullptr;
    Clock *clock = nullptr;
    std::function<std::unique_ptr<GatewayProbe>(const GatewayEndpoint &)> probe;
};

} // namespace aegis::console
