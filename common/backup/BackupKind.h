#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace aegis {

// What took a file of the backup directory. A pre-restore file is the
// database a restore replaced, archived there by the operator's choice: it
// is kept as evidence and can be restored like a backup, but it is not a
// backup of the current database. It never counts as the newest backup and
// automatic retention never deletes it.
enum class BackupKind
{
    Manual,
    Automatic,
    PreRestore
};

namespace BackupKinds {
// "manual", "automatic", "pre-restore": the manifest's and the catalog's `kind`.
QString name(BackupKind kind);
std::optional<BackupKind> fromName(const QString &name);
// A catalog entry's kind: its `kind` field, or, from a gateway older than
// the field, what its name and `automatic` say.
BackupKind ofCatalogEntry(const QJsonObject &entry);
// The newest entry of a catalog (newest first, as the gateway lists it)
// that is a backup of the database: pre-restore files are skipped. Empty
// when there is none.
QJsonObject newestBackup(const QJsonArray &catalog);
} // namespace BackupKinds

} // namespace aegis
