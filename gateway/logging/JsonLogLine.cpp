#include "gateway/logging/JsonLogLine.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstring>

namespace aegis {

namespace {

// QJsonObject would sort the members; a line that starts with time and
// level reads better. Each value is escaped by QJsonDocument all the same.
QByteArray jsonValue(const QJsonValue &value)
{
    const QByteArray array = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

void appendMember(QByteArray &line, const char *name, const QJsonValue &value)
{
    if (line.size() > 1)
        line += ',';
    line += jsonValue(QString::fromLatin1(name));
    line += ':';
    line += jsonValue(value);
}

} // namespace

const char *JsonLogLine::levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "critical";
    case QtFatalMsg:
        return "fatal";
    }
    return "unknown";
}

QByteArray JsonLogLine::format(const QDateTime &time, QtMsgType type, const char *category, const QString &message,
                               const std::vector<LogFields::Field> *fields)
{
    static constexpr const char *reserved[] = {"time", "level", "category", "message"};
    QByteArray line = "{";
    appendMember(line, "time", time.toUTC().toString(Qt::ISODateWithMs));
    appendMember(line, "level", QString::fromLatin1(levelName(type)));
    appendMember(line, "category", QString::fromUtf8(category ? category : "default"));
    appendMember(line, "message", message);
    if (fields) {
        for (const LogFields::Field &field : *fields) {
            bool clashes = false;
            for (const char *name : reserved)
                clashes = clashes || std::strcmp(name, field.name) == 0;
            if (!clashes)
                appendMember(line, field.name, field.value);
        }
    }
    line += "}\n";
    return line;
}

} // namespace aegis
