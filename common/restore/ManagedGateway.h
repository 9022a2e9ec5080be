#pragma once

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

namespace aegis {

// How a managed gateway is run: the binary and the environment it needs.
// Everything else comes from the environment of the process that starts it,
// exactly as when an operator runs the gateway by hand (AEGIS_BACKUP_DIR,
// a signing key, limits); these fields override it.
struct ManagedGateway
{
    QString binary;           // aegis-gateway
    QString databasePath;     // AEGIS_DB_PATH
    QString bind;             // AEGIS_BIND, "127.0.0.1:8080" (from the gateway URL)
    QString tokenFile;        // AEGIS_ADMIN_TOKEN_FILE; empty: the gateway's default beside the database
    QString workingDirectory; // relative settings (backups/) resolve here
    QString logFile;          // stdout and stderr are appended here
    // A drill's throwaway gateway must not inherit production's settings
    // (its token, backup directory, automatic backups, TLS): these replace
    // or remove variables of the inherited environment. Not journalled: a
    // restore never sets them.
    QMap<QString, QString> extraEnvironment;
    QStringList removedEnvironment;

    QJsonObject toJson() const;
    static ManagedGateway fromJson(const QJsonObject &object);
};

} // namespace aegis
