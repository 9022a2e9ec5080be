#include "gateway/GatewayLogging.h"

#include "gateway/logging/JsonLogLine.h"
#include "gateway/logging/LogFormat.h"

#include <QDateTime>
#include <QMutex>

#include <cstdio>

Q_LOGGING_CATEGORY(lcGateway, "aegis.gateway")
Q_LOGGING_CATEGORY(lcHttpAccess, "aegis.http.access")
Q_LOGGING_CATEGORY(lcHttp, "aegis.http")
Q_LOGGING_CATEGORY(lcWriter, "aegis.db.writer")
Q_LOGGING_CATEGORY(lcCheckpoint, "aegis.db.checkpoint")
Q_LOGGING_CATEGORY(lcBackup, "aegis.backup")

namespace aegis {

namespace {

LogFormat chosenFormat = LogFormat::Text;

void writeLine(FILE *stream, const QByteArray &line)
{
    // Worker threads log too: one line is written whole, never interleaved.
    static QMutex mutex;
    const QMutexLocker lock(&mutex);
    std::fwrite(line.constData(), 1, size_t(line.size()), stream);
    std::fflush(stream);
}

void writeJson(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    writeLine(stderr, JsonLogLine::format(QDateTime::currentDateTimeUtc(), type, context.category, message,
                                          LogFields::current()));
}

} // namespace

void setUpGatewayLogging(LogFormat format)
{
    chosenFormat = format;
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=false\naegis.*.info=true"));
    if (format == LogFormat::Json)
        qInstallMessageHandler(writeJson);
    else if (qEnvironmentVariableIsEmpty("QT_MESSAGE_PATTERN"))
        qSetMessagePattern(QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{type} %{category}: %{message}"));
}

void announceOnStdout(const QString &line)
{
    if (chosenFormat == LogFormat::Json)
        writeLine(stdout, JsonLogLine::format(QDateTime::currentDateTimeUtc(), QtInfoMsg, lcGateway().categoryName(),
                                              line, nullptr));
    else
        writeLine(stdout, line.toUtf8() + '\n');
}

} // namespace aegis
