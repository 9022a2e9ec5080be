#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace aegis {

// One preflight check and its verdict, with what to do about a failure.
struct PreflightCheck
{
    enum class Status
    {
        Passed,
        Warning,   // worth knowing, does not stop the restore
        Failed,    // stops the restore
        Overridden // failed, and the operator knowingly went on (only where overridable)
    };

    // Which check this is; id is its stable name (kindId), kept for the JSON.
    enum class Kind
    {
        NoUnfinishedRestore,
        Paths,
        BackupIntegrity,
        Manifest,
        Sha256,
        Schema,
        Chains,
        Space,
        Ownership,
        AdminToken,
        DataLoss,
        Other
    };

    Kind kind = Kind::Other;
    QString id;      // "backup_integrity", "sha256", "schema", "chains", "space", ...
    QString title;   // "The backup is a sound SQLite database"
    Status status = Status::Passed;
    QString detail; // what was found, without a time: RestoreWording::checkDetail() adds createdAt in the reader's form
    QDateTime createdAt; // when the checked backup was made (the manifest check); invalid when none
    QString remedy;  // what the operator can do about a failure; empty when passed
    QString option;  // the aegis-restore option the remedy names ("--resume", ...); empty when none
    bool overridable = false;

    bool blocks() const { return status == Status::Failed; }
    static QString statusName(Status status);
    static QString kindId(Kind kind);
    static Kind kindFromId(const QString &id);
    QJsonObject toJson() const;
    static PreflightCheck fromJson(const QJsonObject &object);
};

} // namespace aegis
