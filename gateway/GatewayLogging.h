#pragma once

#include <QLoggingCategory>

// Every logging category of the gateway, declared here and defined once in
// GatewayLogging.cpp, so that QT_LOGGING_RULES has one list to read and no
// file declares a category of another ad hoc.

// aegis.gateway: start, configuration, shutdown.
Q_DECLARE_LOGGING_CATEGORY(lcGateway)
// aegis.http.access: one line per request (method, path, status, duration);
// never a header, a body or a credential.
Q_DECLARE_LOGGING_CATEGORY(lcHttpAccess)
// aegis.http: connection-level events (refusals, timeouts, limits).
Q_DECLARE_LOGGING_CATEGORY(lcHttp)
// aegis.db.writer: the write queue's batches and failures.
Q_DECLARE_LOGGING_CATEGORY(lcWriter)
// aegis.db.checkpoint: WAL checkpoints.
Q_DECLARE_LOGGING_CATEGORY(lcCheckpoint)
// aegis.backup: backups written, deleted and scheduled.
Q_DECLARE_LOGGING_CATEGORY(lcBackup)
