#pragma once

#include <QDateTime>
#include <QString>

namespace aegis {

// The rules for a backup's file name, shared by the gateway (which enforces
// them) and the console (which checks before sending, to say which rule a
// name breaks while the operator is still typing).
class BackupName
{
public:
    // Empty when `name` is acceptable; otherwise the rule it breaks, in words.
    static QString problem(const QString &name);
    static bool isValid(const QString &name) { return problem(name).isEmpty(); }

    // "aegis-20261126T093000Z.db" (manual) and "aegis-auto-20261126T093000Z.db".
    static QString generated(const QDateTime &time);
    static QString automatic(const QDateTime &time);
    static bool isAutomatic(const QString &name);
    // "aegis.pre-restore-20261206T031500Z.db": a database a restore replaced,
    // archived into the backup directory (BadFilesDisposal). Its -wal and
    // other companions beside it are not matched.
    static QString preRestore(const QString &databaseFileName, const QString &compactTime);
    static bool isPreRestore(const QString &name);

    static QString manifestName(const QString &backupName);
    static constexpr int MaxBytes = 255;
};

} // namespace aegis
