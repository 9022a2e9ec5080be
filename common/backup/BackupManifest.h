#pragma once

#include "common/backup/BackupKind.h"
#include "common/receipts/ExpectedHead.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace aegis {

struct DatabaseSummary;

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
    // Written since pre-restore files were added; a manifest without it is
    // automatic or manual as `automatic` says. For a pre-restore file,
    // created_at is when the restore set the database aside.
    BackupKind kind = BackupKind::Manual;
    qint64 durationMs = 0;
    ExpectedHeads tenants;
    qint64 agents = 0;
    qint64 decisions = 0;
    qint64 receipts = 0;
    QString stateFingerprint; // DatabaseSummary::stateFingerprint of the copy

    // The fields read from the database itself: schema, quick check,
    // tenants' heads, counts and fingerprint.
    void describe(const DatabaseSummary &summary);

    QJsonObject toJson() const;
    QByteArray toBytes() const;
    static std::optional<BackupManifest> fromBytes(const QByteArray &bytes, QString *error);
    static std::optional<BackupManifest> load(const QString &path, QString *error);
};

} // namespace aegis
