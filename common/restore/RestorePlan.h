#pragma once

#include "common/db/DatabaseInspector.h"
#include "common/restore/DataLoss.h"
#include "common/restore/PlannedFile.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace aegis {

// The dry-run plan: everything a restore will do and cost, before it does
// anything. Shown by `aegis-restore --dry-run` and on the wizard's plan page,
// and kept in the report.
struct RestorePlan
{
    QString databasePath;
    QString backupPath;
    QString manifestPath;  // empty when the backup has none
    QString backupSha256;
    qint64 backupBytes = 0;
    QString backupCreatedAt; // from the manifest, else the file's time
    qint64 backupAgeSeconds = -1;
    int backupSchemaVersion = 0;
    int gatewaySchemaVersion = 0;
    DatabaseSummary backup;  // what the gateway will serve afterwards
    QList<PlannedFile> files;
    DataLoss loss;
    qint64 freeBytes = -1;
    qint64 neededBytes = 0;
    QString service;       // how the gateway is stopped and started
    QString gatewayUrl;
    qint64 stamp = 0;      // unix time; the .bad-<UTC time> names are made from it (RestoreFileNames)

    // What the operator types to confirm: the live database's file name, so
    // that "yes" typed by habit into the wrong window restores nothing.
    QString confirmationPhrase() const;
    QJsonObject toJson() const;
    QString toText() const;
};

} // namespace aegis
