#include "gateway/backup/BackupEntry.h"

#include "common/backup/BackupName.h"

namespace aegis {

BackupKind BackupEntry::kind() const
{
    if (BackupName::isPreRestore(name) || (manifest && manifest->kind == BackupKind::PreRestore))
        return BackupKind::PreRestore;
    return BackupName::isAutomatic(name) ? BackupKind::Automatic : BackupKind::Manual;
}

QJsonObject BackupEntry::toJson() const
{
    QJsonObject object{
        {QStringLiteral("name"), name},
        {QStringLiteral("path"), path},
        {QStringLiteral("size_bytes"), sizeBytes},
        {QStringLiteral("created_at"), createdAt},
        {QStringLiteral("has_manifest"), manifest.has_value()},
        {QStringLiteral("automatic"), BackupName::isAutomatic(name)},
        {QStringLiteral("kind"), BackupKinds::name(kind())},
        {QStringLiteral("sha256"), manifest ? QJsonValue(manifest->sha256) : QJsonValue()},
        {QStringLiteral("schema_version"), manifest ? QJsonValue(manifest->schemaVersion) : QJsonValue()},
        {QStringLiteral("tenants"), manifest ? QJsonValue(ExpectedHead::tenantsToJson(manifest->tenants)) : QJsonValue()},
    };
    if (manifest) {
        object.insert(QStringLiteral("counts"), manifest->toJson().value(QStringLiteral("counts")));
        object.insert(QStringLiteral("gateway_version"), manifest->gatewayVersion);
        object.insert(QStringLiteral("manifest"), QString(path + QStringLiteral(".manifest.json")));
    }
    if (!manifestError.isEmpty())
        object.insert(QStringLiteral("manifest_error"), manifestError);
    return object;
}

} // namespace aegis
