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
        // The Debian package's location.
        QString systemDirectory = QStringLiteral("/var/lib/aegis");
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
};

} // namespace aegis::console
