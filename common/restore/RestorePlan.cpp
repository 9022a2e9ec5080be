#include "common/restore/RestorePlan.h"

#include "common/receipts/ExpectedHead.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QStringList>

namespace aegis {

namespace {

QString bytesText(qint64 bytes)
{
    if (bytes < 0)
        return QStringLiteral("size unknown");
    if (bytes < 10 * 1024)
        return QStringLiteral("%1 bytes").arg(bytes);
    if (bytes < 10 * 1024 * 1024)
        return QStringLiteral("%1 KiB").arg(bytes / 1024);
    return QStringLiteral("%1 MiB").arg(bytes / (1024 * 1024));
}

QString ageText(qint64 seconds)
{
    if (seconds < 0)
        return QStringLiteral("age unknown");
    if (seconds < 120)
        return QStringLiteral("%1 s old").arg(seconds);
    if (seconds < 2 * 3600)
        return QStringLiteral("%1 min old").arg(seconds / 60);
    if (seconds < 2 * 86400)
        return QStringLiteral("%1 h old").arg(seconds / 3600);
    return QStringLiteral("%1 days old").arg(seconds / 86400);
}

} // namespace

QString RestorePlan::confirmationPhrase() const
{
    return QFileInfo(databasePath).fileName();
}

QJsonObject RestorePlan::toJson() const
{
    QJsonArray fileList;
    for (const PlannedFile &file : files)
        fileList.append(file.toJson());
    return {
        {QStringLiteral("database"), databasePath},
        {QStringLiteral("backup"), QJsonObject{
             {QStringLiteral("path"), backupPath},
             {QStringLiteral("manifest"), manifestPath.isEmpty() ? QJsonValue() : QJsonValue(manifestPath)},
             {QStringLiteral("sha256"), backupSha256},
             {QStringLiteral("size_bytes"), backupBytes},
             {QStringLiteral("created_at"), backupCreatedAt},
             {QStringLiteral("age_seconds"), backupAgeSeconds},
             {QStringLiteral("schema_version"), backupSchemaVersion},
             {QStringLiteral("counts"), QJsonObject{{QStringLiteral("agents"), backup.agents},
                                                    {QStringLiteral("decisions"), backup.decisions},
                                                    {QStringLiteral("receipts"), backup.receipts}}},
             {QStringLiteral("tenants"), ExpectedHead::tenantsToJson(backup.heads)},
         }},
        {QStringLiteral("gateway_schema_version"), gatewaySchemaVersion},
        {QStringLiteral("files"), fileList},
        {QStringLiteral("data_lost"), loss.toJson()},
        {QStringLiteral("space"), QJsonObject{{QStringLiteral("free_bytes"), freeBytes},
                                              {QStringLiteral("needed_bytes"), neededBytes}}},
        {QStringLiteral("service"), service},
        {QStringLiteral("gateway_url"), gatewayUrl},
        {QStringLiteral("confirmation"), confirmationPhrase()},
    };
}

QString RestorePlan::toText() const
{
    QStringList lines;
    lines << QStringLiteral("Restore plan for %1").arg(databasePath);
    lines << QStringLiteral("  backup:   %1 (%2, %3, schema %4, sha256 %5)")
                 .arg(backupPath, bytesText(backupBytes), ageText(backupAgeSeconds))
                 .arg(backupSchemaVersion)
                 .arg(backupSha256.left(16));
    lines << QStringLiteral("  created:  %1").arg(backupCreatedAt.isEmpty() ? QStringLiteral("unknown") : backupCreatedAt);
    lines << QStringLiteral("  restores: %1 agent(s), %2 decision(s), %3 receipt(s) in %4 chain(s)")
                 .arg(backup.agents)
                 .arg(backup.decisions)
                 .arg(backup.receipts)
                 .arg(backup.heads.size());
    lines << QStringLiteral("  loses:    %1").arg(loss.describe());
    lines << QStringLiteral("  service:  %1, gateway %2").arg(service, gatewayUrl);
    lines << QStringLiteral("  space:    %1 free, %2 needed").arg(bytesText(freeBytes), bytesText(neededBytes));
    lines << QStringLiteral("  files:");
    for (const PlannedFile &file : files) {
        const QString size = file.bytes >= 0 ? QStringLiteral(" (%1)").arg(bytesText(file.bytes)) : QString();
        if (file.from.isEmpty())
            lines << QStringLiteral("    %1 %2%3").arg(PlannedFile::actionName(file.action), file.to, size);
        else
            lines << QStringLiteral("    %1 %2 -> %3%4").arg(PlannedFile::actionName(file.action), file.from, file.to, size);
        if (!file.note.isEmpty())
            lines << QStringLiteral("         %1").arg(file.note);
    }
    lines << QStringLiteral("  Nothing is deleted: the live files are kept under the .bad names until you choose.");
    return lines.join(QLatin1Char('\n'));
}

} // namespace aegis
