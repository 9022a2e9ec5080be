#include "common/restore/GatewayProbe.h"

#include <QJsonObject>

namespace aegis {

QString ProbeReply::describe() const
{
    switch (transport) {
    case Transport::Answered: {
        const QString message = json().object().value(QStringLiteral("message")).toString();
        return message.isEmpty() ? QStringLiteral("HTTP %1").arg(status) : QStringLiteral("HTTP %1: %2").arg(status).arg(message);
    }
    case Transport::Refused:
        return error.isEmpty() ? QStringLiteral("connection refused") : error;
    case Transport::TimedOut:
        return error.isEmpty() ? QStringLiteral("no answer in time") : error;
    case Transport::Failed:
        return error.isEmpty() ? QStringLiteral("transport failure") : error;
    }
    return {};
}

} // namespace aegis
