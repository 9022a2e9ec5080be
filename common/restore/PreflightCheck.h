#pragma once

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

    QString id;      // "backup_integrity", "sha256", "schema", "chains", "space", ...
    QString title;   // "The backup is a sound SQLite database"
    Status status = Status::Passed;
    QString detail;  // what was found
    QString remedy;  // what the operator can do about a failure; empty when passed
    bool overridable = false;

    bool blocks() const { return status == Status::Failed; }
    static QString statusName(Status status);
    QJsonObject toJson() const;
    static PreflightCheck fromJson(const QJsonObject &object);
};

} // namespace aegis
