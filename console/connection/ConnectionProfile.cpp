#include "console/connection/ConnectionProfile.h"

#include <QSettings>
#include <QUuid>

namespace aegis::console {

QString ConnectionProfile::newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

void ConnectionProfile::save(QSettings &settings) const
{
    settings.setValue(QStringLiteral("name"), name);
    settings.setValue(QStringLiteral("url"), url.toString());
    settings.setValue(QStringLiteral("caCertificate"), caCertificatePath);
    settings.setValue(QStringLiteral("databasePath"), databasePath);
    settings.setValue(QStringLiteral("backupDirectory"), backupDirectory);
    settings.setValue(QStringLiteral("service/kind"), ServiceControl::kindName(service.kind));
    settings.setValue(QStringLiteral("service/unit"), service.unit);
    settings.setValue(QStringLiteral("service/stopCommand"), service.stopCommand);
    settings.setValue(QStringLiteral("service/startCommand"), service.startCommand);
    settings.setValue(QStringLiteral("service/gatewayBinary"), service.gatewayBinary);
}

ConnectionProfile ConnectionProfile::load(QSettings &settings, const QString &id)
{
    ConnectionProfile profile;
    profile.id = id;
    profile.name = settings.value(QStringLiteral("name")).toString();
    profile.url = QUrl(settings.value(QStringLiteral("url"), profile.url.toString()).toString());
    profile.caCertificatePath = settings.value(QStringLiteral("caCertificate")).toString();
    profile.databasePath = settings.value(QStringLiteral("databasePath")).toString();
    profile.backupDirectory = settings.value(QStringLiteral("backupDirectory")).toString();
    profile.service.kind = ServiceControl::kindFromName(settings.value(QStringLiteral("service/kind")).toString())
                               .value_or(ServiceControl::Kind::Manual);
    profile.service.unit = settings.value(QStringLiteral("service/unit"), profile.service.unit).toString();
    profile.service.stopCommand = settings.value(QStringLiteral("service/stopCommand")).toString();
    profile.service.startCommand = settings.value(QStringLiteral("service/startCommand")).toString();
    profile.service.gatewayBinary = settings.value(QStringLiteral("service/gatewayBinary")).toString();
    return profile;
}

} // namespace aegis::console
