#include "common/backup/CatalogManifest.h"

#include <QJsonDocument>
#include <QSaveFile>

namespace aegis {

std::optional<BackupManifest> CatalogManifest::fromEntry(const QJsonObject &entry, QString *error)
{
    if (!entry.value(QStringLiteral("has_manifest")).toBool()) {
        *error = tr("the gateway has no manifest for this backup");
        return std::nullopt;
    }
    // The manifest's own shape, so that its parser checks every field.
    QJsonObject manifest{
        {QStringLiteral("format"), QLatin1String(BackupManifest::Format)},
        {QStringLiteral("name"), entry.value(QStringLiteral("name"))},
        {QStringLiteral("sha256"), entry.value(QStringLiteral("sha256"))},
        {QStringLiteral("size_bytes"), entry.value(QStringLiteral("size_bytes"))},
        {QStringLiteral("created_at"), entry.value(QStringLiteral("created_at"))},
        {QStringLiteral("gateway_version"), entry.value(QStringLiteral("gateway_version"))},
        {QStringLiteral("schema_version"), entry.value(QStringLiteral("schema_version"))},
        {QStringLiteral("automatic"), entry.value(QStringLiteral("automatic"))},
        {QStringLiteral("tenants"), entry.value(QStringLiteral("tenants"))},
        {QStringLiteral("counts"), entry.value(QStringLiteral("counts"))},
    };
    // An older gateway's entry has no kind: the manifest parser then goes by `automatic`.
    if (entry.contains(QStringLiteral("kind")))
        manifest.insert(QStringLiteral("kind"), entry.value(QStringLiteral("kind")));
    QString why;
    auto parsed = BackupManifest::fromBytes(QJsonDocument(manifest).toJson(QJsonDocument::Compact), &why);
    if (!parsed) {
        *error = tr("the catalog entry does not describe a manifest: %1").arg(why);
        return std::nullopt;
    }
    return parsed;
}

bool CatalogManifest::write(const BackupManifest &manifest, const QString &path, QString *error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(manifest.toBytes()) < 0 || !file.commit()) {
        *error = tr("%1 cannot be written: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

} // namespace aegis
