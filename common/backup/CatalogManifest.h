#pragma once

#include "common/backup/BackupManifest.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace aegis {

// A backup's manifest rebuilt from its catalog entry, for a copy downloaded
// from the gateway: the gateway serves the backup file but not its manifest
// file, and its catalog entry carries the manifest's fields (sha256, size,
// schema, tenants' heads, counts, creation time). Written beside the copy
// so that the engine checks the copy against what the gateway recorded.
class CatalogManifest
{
    Q_DECLARE_TR_FUNCTIONS(CatalogManifest)

public:
    // nullopt with *error when the entry has no manifest or lacks a field.
    static std::optional<BackupManifest> fromEntry(const QJsonObject &entry, QString *error);
    static bool write(const BackupManifest &manifest, const QString &path, QString *error);
};

} // namespace aegis
