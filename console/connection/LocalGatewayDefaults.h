#pragma once

#include "console/connection/ServiceControl.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>
#include <QUrl>

namespace aegis::console {

// What the first-start connect dialog is prefilled with: the local gateway
// on its default address, and its admin token read from the token file the
// gateway generated, so that a newcomer only has to confirm.
struct LocalGatewayDefaults
{
    Q_DECLARE_TR_FUNCTIONS(LocalGatewayDefaults)

public:
    struct Inputs
    {
        QString workingDirectory;
        // AEGIS_CONSOLE_DEFAULT_DB (scripts/run.sh sets it to the repository's db/aegisagent.db).
        QString defaultDatabase;
        // AEGIS_CONSOLE_DEFAULT_URL, when the local gateway is not on 127.0.0.1:8080.
        QString defaultUrl;
        // Where the console binary is: in a repository's build tree, the
        // gateway scripts/run.sh starts keeps its token in <root>/db.
        QString applicationDirectory;
        // The Debian package's service settings (AEGIS_DB_PATH,
        // AEGIS_ADMIN_TOKEN_FILE, AEGIS_BACKUP_DIR), as the operator left them.
        QString serviceEnvironmentFile = QStringLiteral("/etc/aegis/aegis-gateway.env");
        // The Debian package's location.
        QString systemDirectory = QStringLiteral("/var/lib/aegis");
    };

    // A token file read, or why it could not be.
    struct TokenFile
    {
        QString path;
        QByteArray token;   // empty when absent, unreadable or empty
        QString problem;    // it exists but cannot be read, in words
    };

    QUrl url = QUrl(QStringLiteral("http://127.0.0.1:8080"));
    QByteArray token;
    QString tokenFile;      // where the token was read from
    QString databasePath;
    QString backupDirectory;
    ServiceControl service;
    QStringList searched;   // token files looked at, in order
    QString problem;        // a token file exists but could not be read, in words

    bool hasToken() const { return !token.isEmpty(); }

    static Inputs inputsFromEnvironment();
    static LocalGatewayDefaults discover(const Inputs &inputs);
    // The gateway's own default: admin.token beside its database.
    static TokenFile readBeside(const QString &databasePath);
    static TokenFile read(const QString &tokenFile);
};

} // namespace aegis::console
