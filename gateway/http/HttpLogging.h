#pragma once

#include <QLoggingCategory>

// aegis.http.access: one line per request (method, path, status, duration);
// never a header, a body or a credential.
Q_DECLARE_LOGGING_CATEGORY(lcHttpAccess)
// aegis.http: connection-level events (refusals, timeouts, limits).
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
