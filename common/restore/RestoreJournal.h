#pragma once

#include "common/receipts/ExpectedHead.h"
#include "common/restore/FileOperations.h"
#include "common/restore/RestoreFailure.h"
#include "common/restore/ServiceSpec.h"
#include "common/restore/StepRecord.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace aegis {

// The restore's memory across a crash: written durably beside the database
// (<db>.restore-journal.json) *before* each step, so that whatever was
// interrupted, the next run knows which step may have been half done and
// what every file's name and hash was. It holds paths, hashes, counts and
// the service spec; never the admin token.
struct RestoreJournal
{
    static constexpr const char *Format = "aegis-restore-journal-1";

    // The step about to run (or running) when the journal was written.
    enum class Phase
    {
        Stopping,
        MovingAside,
        Copying,
        Installing,     // the copy is verified; renaming it to the live name
        Starting,       // the live name holds the restored copy from here on
        WaitingReady,
        SpotChecking,
        VerifyingChain,
        Finishing,      // verified: only finishing remains
        RollingBack
    };

    // An original live file (the database or a companion) as it was when the
    // gateway had stopped, and where it is set aside.
    struct Original
    {
        QString role;   // db, wal, shm, journal
        QString live;
        QString aside;
        qint64 size = 0;
        QString sha256;
    };

    QString id;
    QString startedAt;
    QString updatedAt;
    Phase phase = Phase::Stopping;
    // The furthest phase of the restore itself (never RollingBack): a
    // rollback needs to know how far the restore had got.
    Phase reached = Phase::Stopping;
    qint64 stamp = 0;

    QString databasePath;
    QString backupPath;
    QString manifestPath;
    QString backupSha256;
    qint64 backupBytes = 0;
    QString backupCreatedAt;
    int backupSchemaVersion = 0;

    // What the restored gateway must serve (from the manifest, else the backup).
    ExpectedHeads expectedHeads;
    qint64 expectedAgents = 0;
    qint64 expectedDecisions = 0;
    qint64 expectedReceipts = 0;
    QString expectedNewestDecisionAt;

    // Filled before the move aside; empty before.
    QList<Original> originals;
    bool hasOriginalStatus = false;
    FileStatus originalStatus; // owner and mode the copy takes
    QString temporaryPath;
    QString copySha256;        // set once the copy on disk is verified

    RestoreFailure failure; // why a rollback started

    ServiceSpec service;
    QString gatewayUrl;
    QJsonObject preflight;     // PreflightResult::toJson(), for the report
    QList<StepRecord> steps;   // what has been done so far, for the report

    static QString phaseName(Phase phase);
    static std::optional<Phase> phaseFromName(const QString &name);
    // The live name holds the restored copy (or may: the rename was next).
    bool copyInstalled() const { return reached >= Phase::Starting; }
    const Original *original(const QString &role) const;

    QByteArray toBytes() const;
    static std::optional<RestoreJournal> fromBytes(const QByteArray &bytes, QString *error);
};

} // namespace aegis
