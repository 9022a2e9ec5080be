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

namespace aegis {

enum class LogFormat;

// Sets up the gateway's log (stderr): Qt's plain lines with a time stamp, or
// one JSON object per line (gateway/logging/JsonLogLine.h). Debug messages
// are off unless QT_LOGGING_RULES says otherwise.
void setUpGatewayLogging(LogFormat format);

// Prints the one start-up line that scripts wait for on stdout ("… listening
// on http://…"), as a JSON log line when the log is JSON, so that every line
// of the gateway's output is then JSON.
void announceOnStdout(const QString &line);

} // namespace aegis
