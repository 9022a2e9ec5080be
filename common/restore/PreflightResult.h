#pragma once

#include "common/backup/BackupManifest.h"
#include "common/restore/PreflightCheck.h"
#include "common/restore/RestorePlan.h"
#include "common/restore/RestoreRefusal.h"

#include <QJsonObject>
#include <QList>

#include <optional>

namespace aegis {

// Step 1's answer: every check with its verdict, and the plan. Nothing has
// been touched when this exists.
struct PreflightResult
{
    QList<PreflightCheck> checks;
    RestorePlan plan;
    std::optional<BackupManifest> manifest;

    // No check blocks: the restore may start (after the confirmation).
    bool passed() const;
    RestoreRefusal refusal() const { return RestoreRefusal::fromChecks(checks); }
    // The operator knowingly goes on: overridable failures become
    // Overridden; the others still block.
    void applyOverrides();
    const PreflightCheck *check(const QString &id) const;
    QJsonObject toJson() const;
    QString toText() const;
};

} // namespace aegis
