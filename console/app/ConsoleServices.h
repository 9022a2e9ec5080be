#pragma once

#include "console/connection/LocalGatewayDefaults.h"
#include "console/util/Runbooks.h"

class QSettings;

namespace aegis::console {

class TokenStore;

// What the main window is built on, injected so that tests run it against
// scratch settings and a token file instead of the operator's own.
struct ConsoleServices
{
    QSettings *settings = nullptr;
    TokenStore *tokens = nullptr;
    LocalGatewayDefaults::Inputs localGateway;
    // Where the Help menu finds the runbooks.
    Runbooks::Inputs runbooks;
    // Seconds between automatic refreshes of the overview.
    int refreshSeconds = 15;
};

} // namespace aegis::console
