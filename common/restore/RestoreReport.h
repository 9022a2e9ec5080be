#pragma once

#include "common/restore/PreflightCheck.h"
#include "common/restore/ReportFile.h"
#include "common/restore/RestoreFailure.h"
#include "common/restore/RestoreNextAction.h"
#include "common/restore/RestoreVerification.h"
#include "common/restore/StepRecord.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace aegis {

// The record a restore leaves for the operator and the auditor: every step
// with its times, the backup used and its age, where every file is now (with
// hashes), and the verification results. JSON for machines, text for people
// (the console prints the text to PDF). Every result is typed; the words
// are made by RestoreWording, and the JSON carries both (the words under
// the names it always had, the kinds beside them).
struct RestoreReport
{
    enum class Outcome
    {
        Verified,       // the gateway serves the backup, checked; the only success
        RolledBack,     // a step failed; the original database is back and served
        Refused,        // preflight said no; nothing was touched
        Aborted,        // stopped before any file moved; the gateway was left (or put back) running
        NeedsAttention, // the engine could not bring the system to a safe end by itself; see nextAction
        Declined,       // the operator did not confirm; nothing was touched
        Planned         // a dry run: the plan only
    };

    Outcome outcome = Outcome::Aborted;
    QString id;
    QString startedAt;
    QString finishedAt;
    QString databasePath;
    QString gatewayUrl;
    QString service;
    QJsonObject backup;       // path, sha256, size, created_at, age_seconds, schema_version
    QList<PreflightCheck> checks;
    QJsonObject plan;
    QList<StepRecord> steps;
    RestoreVerification verification; // counts and chains as served after the restore
    RestoreFailure failure;           // what failed, when something did
    QList<ReportFile> files;  // where each file is now
    StepFinding disposition;  // what became of the .bad files (FilesKept, FilesArchived, ...)
    QList<RestoreNextAction> nextActions; // what the operator must do now; empty when nothing
    QString saveError;        // why the report files could not be written; empty when they were
    bool resumed = false;

    static QString outcomeName(Outcome outcome);
    // "the restore is verified", "rolled back: the original database is served again", ...
    static QString outcomeSentence(Outcome outcome);
    bool hasFile(ReportFile::Kind kind) const;
    QJsonObject toJson() const;
    QString toText() const;
};

} // namespace aegis
