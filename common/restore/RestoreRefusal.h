#pragma once

#include "common/restore/PreflightCheck.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace aegis {

// Why a restore will not start, check by check, each with what to do about
// it and whether the operator may knowingly go on anyway (RESTORE_AND_DRILL.md
// marks the one such case: a backup without a manifest).
struct RestoreRefusal
{
    QList<PreflightCheck> reasons;

    bool isEmpty() const { return reasons.isEmpty(); }
    // Every reason may be overridden (and there is at least one).
    bool canOverride() const;
    QString toText() const;
    QJsonObject toJson() const;

    static RestoreRefusal fromChecks(const QList<PreflightCheck> &checks);
};

} // namespace aegis
