#pragma once

#include "common/receipts/ExpectedHead.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace aegis {

// What a backup holds, written beside it as <name>.manifest.json and read
// back by verification, restore and drills. Everything in it describes the
// copy itself at its point in time (read from the copy, not the live
// database), so a restore can be checked against it.
struct BackupManifest
{
    static constexpr const char *Format = "aegis-backup-manifest-1";

    QString name;
    QString sha256;
    qint64 sizeBytes = 0;
    QString createdAt;
    QString gatewayVersion;
    int schemaVersion = 0;
    QString quickCheck;
    bool automatic = false;
    qint64 durationMs = 0;
    ExpectedHeads tenants;
    qint64 agents = 0;
    qint64 decisions = 0;
    qint64 receipts = 0;
    QString stateFingerprint; // DatabaseSummary::stateFingerprint of the copy

    QJsonObject toJson() const;
    QByteArray toBytes() const;
    static std::optional<BackupManifest> fromBytes(const QByteArray &bytes, QString *error);
    static std::optional<BackupManifest> load(const QString &path, QString *error);
};

} // namespace aegis
