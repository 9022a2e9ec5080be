#include "console/restore/RestoreTarget.h"

#include "common/restore/SystemdServiceControl.h"
#include "console/connection/ConnectionProfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace aegis::console {

RestoreTarget RestoreTarget::fromProfile(const ConnectionProfile &profile, const QByteArray &token)
{
    RestoreTarget target;
    if (!profile.databasePath.trimmed().isEmpty())
        target.databasePath = QFileInfo(profile.databasePath.trimmed()).absoluteFilePath();
    if (!profile.backupDirectory.trimmed().isEmpty())
        target.backupDirectory = QFileInfo(profile.backupDirectory.trimmed()).absoluteFilePath();
    target.endpoint.baseUrl = profile.url;
    target.endpoint.token = token;
    target.endpoint.caCertificatePath = profile.caCertificatePath;
    target.gatewayBinary = profile.service.gatewayBinary.trimmed();
    if (target.gatewayBinary.isEmpty()) {
        // Not managed: the installed binary still decides which schema the
        // restored database may have, and it must answer when the gateway is
        // down (the usual case at 3 a.m.): the one beside the console, or
        // the one on PATH.
        const QString beside = QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("aegis-gateway"));
        target.gatewayBinary = QFileInfo(beside).isExecutable()
                                   ? beside
                                   : QStandardPaths::findExecutable(QStringLiteral("aegis-gateway"));
    }

    ServiceSpec &spec = target.service;
    spec.kind = profile.service.kind;
    spec.unit = profile.service.unit.trimmed().isEmpty() ? QLatin1String(SystemdServiceControl::DefaultUnit)
                                                          : profile.service.unit.trimmed();
    spec.stopCommand = profile.service.stopCommand.trimmed();
    spec.startCommand = profile.service.startCommand.trimmed();
    if (spec.kind == aegis::ServiceControl::Kind::Managed) {
        const QUrl &url = profile.url;
        spec.managed.binary = target.gatewayBinary;
        spec.managed.databasePath = target.databasePath;
        spec.managed.bind = QStringLiteral("%1:%2").arg(url.host()).arg(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
        // The installation's layout (<dir>/db/aegisagent.db beside
        // <dir>/backups): relative settings of the gateway resolve in <dir>,
        // as when it is started from there by hand. The admin token file is
        // the gateway's default, beside the database.
        if (!target.databasePath.isEmpty()) {
            QDir parent = QFileInfo(target.databasePath).absoluteDir();
            parent.cdUp();
            spec.managed.workingDirectory = parent.absolutePath();
        }
    }
    return target;
}

QStringList RestoreTarget::problems() const
{
    QStringList out;
    if (databasePath.isEmpty())
        out << tr("The connection does not say where the gateway's database is (database path).");
    switch (service.kind) {
    case aegis::ServiceControl::Kind::Systemd:
        if (service.unit.isEmpty())
            out << tr("The connection names no systemd unit to stop and start the gateway.");
        break;
    case aegis::ServiceControl::Kind::Command:
        if (service.stopCommand.isEmpty() || service.startCommand.isEmpty())
            out << tr("The connection lacks the command that stops or the one that starts the gateway.");
        break;
    case aegis::ServiceControl::Kind::Managed:
        if (gatewayBinary.isEmpty())
            out << tr("The connection says the console runs the gateway itself, but names no gateway binary.");
        break;
    case aegis::ServiceControl::Kind::Manual:
        break;
    }
    if (!endpoint.baseUrl.isValid() || endpoint.baseUrl.host().isEmpty())
        out << tr("The connection has no valid gateway address.");
    return out;
}

QString RestoreTarget::gatewayUrl() const
{
    return endpoint.baseUrl.toString(QUrl::RemoveUserInfo);
}

QString RestoreTarget::archiveDirectory() const
{
    if (!backupDirectory.isEmpty())
        return backupDirectory;
    return QFileInfo(databasePath).absolutePath();
}

} // namespace aegis::console
