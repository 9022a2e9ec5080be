#pragma once

#include "common/client/GatewayEndpoint.h"
#include "common/restore/ServiceSpec.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

namespace aegis::console {

struct ConnectionProfile;

// Where a restore runs and how the gateway is stopped and started, as the
// engine needs it: read from the connection profile (database path, backup
// directory, service control) and the session's token. The token stays in
// memory: the engine's journal and reports never see it.
struct RestoreTarget
{
    Q_DECLARE_TR_FUNCTIONS(RestoreTarget)

public:
    QString databasePath;
    QString backupDirectory;
    GatewayEndpoint endpoint;
    ServiceSpec service;
    // The installed gateway, asked for its newest schema; empty: the
    // running gateway's /v1/version answers instead.
    QString gatewayBinary;

    static RestoreTarget fromProfile(const ConnectionProfile &profile, const QByteArray &token);

    // What the profile lacks before a restore can run, in words; empty when
    // nothing does.
    QStringList problems() const;
    bool isUsable() const { return problems().isEmpty(); }
    QString gatewayUrl() const;
    // Where "archive" moves the databases a restore set aside: the backup
    // directory; a downloaded backup's own folder is temporary, so without
    // one they stay beside the database.
    QString archiveDirectory() const;
};

} // namespace aegis::console
