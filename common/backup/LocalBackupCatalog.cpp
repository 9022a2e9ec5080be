#include "common/backup/LocalBackupCatalog.h"

#include "common/backup/BackupManifest.h"
#include "common/backup/BackupName.h"
#include "common/util/Timestamp.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonObject>

#include <algorithm>

namespace aegis {

namespace {

QJsonObject entryFor(const QFileInfo &file)
{
    const QString manifestPath = file.absoluteFilePath() + QStringLiteral(".manifest.json");
    QJsonObject entry;
    QString error;
    std::optional<BackupManifest> manifest;
    if (QFileInfo::exists(manifestPath))
        manifest = BackupManifest::load(manifestPath, &error);
    if (manifest) {
        // The manifest's own fields are the catalog's (CatalogManifest reads
        // them back the same way).
        entry = manifest->toJson();
        entry.remove(QStringLiteral("format"));
        entry.insert(QStringLiteral("manifest"), manifestPath);
    } else {
        entry.insert(QStringLiteral("created_at"), Timestamp::millis(file.lastModified().toUTC()));
        if (!error.isEmpty())
            entry.insert(QStringLiteral("manifest_error"), error);
    }
    entry.insert(QStringLiteral("name"), file.fileName());
    entry.insert(QStringLiteral("path"), file.absoluteFilePath());
    // What is on disk, not what the manifest claims: a copy cut short
    // must not pass as the backup (the preflight checks the sha256).
    entry.insert(QStringLiteral("size_bytes"), file.size());
    entry.insert(QStringLiteral("has_manifest"), manifest.has_value());
    entry.insert(QStringLiteral("automatic"), BackupName::isAutomatic(file.fileName()));
    entry.insert(QStringLiteral("source"), QStringLiteral("local"));
    return entry;
}

} // namespace

QJsonArray LocalBackupCatalog::list(const QString &directory)
{
    QList<QJsonObject> entries;
    const QDir dir(directory);
    for (const QFileInfo &file : dir.entryInfoList(QDir::Files | QDir::Readable)) {
        const QString name = file.fileName();
        // What the gateway's catalog leaves out: manifests, unfinished
        // copies, names it would never have written.
        if (name.endsWith(QStringLiteral(".manifest.json")) || name.endsWith(QStringLiteral(".partial"))
            || !BackupName::isValid(name))
            continue;
        const QJsonObject entry = entryFor(file);
        // Archived pre-restore databases are not backups to restore.
        if (entry.value(QStringLiteral("kind")).toString() == QLatin1String("pre-restore"))
            continue;
        entries.append(entry);
    }
    std::sort(entries.begin(), entries.end(), [](const QJsonObject &a, const QJsonObject &b) {
        const QString left = a.value(QStringLiteral("created_at")).toString();
        const QString right = b.value(QStringLiteral("created_at")).toString();
        return left != right ? left > right : a.value(QStringLiteral("name")).toString() > b.value(QStringLiteral("name")).toString();
    });
    QJsonArray out;
    for (const QJsonObject &entry : std::as_const(entries))
        out.append(entry);
    return out;
}

} // namespace aegis
