#pragma once

#include "common/restore/PreflightResult.h"
#include "common/restore/RestoreJournal.h"
#include "common/restore/RestoreReport.h"
#include "common/restore/ResumeAdvice.h"
#include "console/restore/BackupChoice.h"

#include <optional>

namespace aegis::console {

// What the wizard's pages hand on to each other: the backup chosen, where
// it is on this computer, the checks the operator confirmed, and the
// restore's report.
struct RestoreWizardState
{
    struct Resume
    {
        RestoreJournal journal;
        ResumeAdvice::Choice choice = ResumeAdvice::Choice::RollBack;
    };

    BackupChoice choice;
    LocalBackup local;
    // With the operator's override applied when they gave it.
    PreflightResult preflight;
    bool hasPreflight = false;
    RestoreReport report;
    bool ended = false;    // execute() or resume() came back
    bool finished = false; // finish() came back (verified restores only)
    std::optional<Resume> resume;
};

} // namespace aegis::console
