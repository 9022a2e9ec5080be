#pragma once

#include "common/restore/RestoreJournal.h"

#include <QString>

namespace aegis {

// What to do with an unfinished restore found at start (its journal beside
// the database), for `aegis-restore --resume` and the wizard's question.
//
// Rules (docs/design/restore-engine.md):
// - before the copy was verified (stopping, moving aside, copying): roll
//   back is recommended; finishing is allowed and redoes the interrupted
//   step (the originals are safe aside either way);
// - the copy verified (installing) or in place (starting .. verifying):
//   finish is recommended (the copy's sha256 is checked again before use);
//   rolling back is allowed;
// - verified (finishing): only finishing; the restore is proven;
// - rolling back: only rolling back.
struct ResumeAdvice
{
    enum class Choice
    {
        Finish,
        RollBack
    };

    // Where the interrupted restore stood, in the terms the rules above use:
    // every reader (aegis-restore, the console's dialog) words its advice
    // from this, never from the journal's phase again.
    enum class Situation
    {
        CopyNotVerified, // stopping, moving aside, copying
        CopyInPlace,     // the verified copy installed, being started or checked
        Verified,        // the restore was proven; only its end remains
        RollingBack      // it had failed and was being rolled back
    };

    Situation situation = Situation::CopyNotVerified;
    Choice recommended = Choice::RollBack;
    bool canFinish = false;
    bool canRollBack = false;
    QString explanation;

    bool allows(Choice choice) const { return choice == Choice::Finish ? canFinish : canRollBack; }
    static QString choiceName(Choice choice);
    static Situation situationOf(RestoreJournal::Phase phase);
    static ResumeAdvice forJournal(const RestoreJournal &journal);
};

} // namespace aegis
