#pragma once

#include "gateway/logging/LogFields.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QtGlobal>

#include <vector>

namespace aegis {

// One log message as one line of JSON:
//   {"time":"2026-01-02T03:04:05.678Z","level":"info","category":"aegis.http.access",
//    "message":"GET /health 200 0.4ms","method":"GET","path":"/health","status":200,...}
// time (UTC, milliseconds), level, category and message come first and are
// always there; fields follow in the order given, except any that would
// replace one of those four.
class JsonLogLine
{
public:
    static QByteArray format(const QDateTime &time, QtMsgType type, const char *category, const QString &message,
                             const std::vector<LogFields::Field> *fields);
    static const char *levelName(QtMsgType type);
};

} // namespace aegis
