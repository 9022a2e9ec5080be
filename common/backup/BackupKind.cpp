#include "common/backup/BackupKind.h"

#include "common/backup/BackupName.h"

namespace aegis::BackupKinds {

QString name(BackupKind kind)
{
    switch (kind) {
    case BackupKind::Manual:
        return QStringLiteral("manual");
    case BackupKind::Automatic:
        return QStringLiteral("automatic");
    case BackupKind::PreRestore:
        return QStringLiteral("pre-restore");
    }
    return {};
}

std::optional<BackupKind> fromName(const QString &text)
{
    for (BackupKind kind : {BackupKind::Manual, BackupKind::Automatic, BackupKind::PreRestore}) {
        if (text == name(kind))
            return kind;
    }
    return std::nullopt;
}

BackupKind ofCatalogEntry(const QJsonObject &entry)
{
    if (const auto kind = fromName(entry.value(QStringLiteral("kind")).toString()))
        return *kind;
    const QString file = entry.value(QStringLiteral("name")).toString();
    if (BackupName::isPreRestore(file))
        return BackupKind::PreRestore;
    return entry.value(QStringLiteral("automatic")).toBool() || BackupName::isAutomatic(file) ? BackupKind::Automatic
                                                                                             : BackupKind::Manual;
}

QJsonObject newestBackup(const QJsonArray &catalog)
{
    for (const QJsonValue &value : catalog) {
        if (ofCatalogEntry(value.toObject()) != BackupKind::PreRestore)
            return value.toObject();
    }
    return {};
}

} // namespace aegis::BackupKinds
