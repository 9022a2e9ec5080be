#include "common/restore/ManagedGateway.h"

namespace aegis {

QJsonObject ManagedGateway::toJson() const
{
    return {{QStringLiteral("binary"), binary},
            {QStringLiteral("database"), databasePath},
            {QStringLiteral("bind"), bind},
            {QStringLiteral("token_file"), tokenFile},
            {QStringLiteral("working_directory"), workingDirectory},
            {QStringLiteral("log_file"), logFile}};
}

ManagedGateway ManagedGateway::fromJson(const QJsonObject &object)
{
    ManagedGateway out;
    out.binary = object.value(QStringLiteral("binary")).toString();
    out.databasePath = object.value(QStringLiteral("database")).toString();
    out.bind = object.value(QStringLiteral("bind")).toString();
    out.tokenFile = object.value(QStringLiteral("token_file")).toString();
    out.workingDirectory = object.value(QStringLiteral("working_directory")).toString();
    out.logFile = object.value(QStringLiteral("log_file")).toString();
    return out;
}

} // namespace aegis
