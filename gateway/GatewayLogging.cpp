#include "gateway/GatewayLogging.h"

Q_LOGGING_CATEGORY(lcGateway, "aegis.gateway")
Q_LOGGING_CATEGORY(lcHttpAccess, "aegis.http.access")
Q_LOGGING_CATEGORY(lcHttp, "aegis.http")
Q_LOGGING_CATEGORY(lcWriter, "aegis.db.writer")
Q_LOGGING_CATEGORY(lcCheckpoint, "aegis.db.checkpoint")
Q_LOGGING_CATEGORY(lcBackup, "aegis.backup")
