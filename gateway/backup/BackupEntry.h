#pragma once

#include "common/backup/BackupManifest.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace aegis {

// One file of the backup directory as the catalog shows it. Files put there
// by hand have no manifest: they are listed, with what the file system
// knows, and their missing manifest said plainly.
struct BackupEntry
{
    QString name;
    QString path;           // the backup directory as configured, joined with the name
    QString absolutePath;
    qint64 sizeBytes = 0;
    QString createdAt;      // the manifest's, or the file's modification time
    std::optional<BackupManifest> manifest;
    QString manifestError;  // a manifest exists but cannot be read

    // The manifest's kind; without a readable manifest, what the name says
    // (a pre-restore file archived before manifests were written for it).
    BackupKind kind() const;

    QJsonObject toJson() const;
};

} // namespace aegis
