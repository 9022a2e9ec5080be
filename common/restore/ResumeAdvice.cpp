#include "common/restore/ResumeAdvice.h"

#include "common/restore/RestoreWording.h"

namespace aegis {

QString ResumeAdvice::choiceName(Choice choice)
{
    return choice == Choice::Finish ? QStringLiteral("finish") : QStringLiteral("roll back");
}

ResumeAdvice::Situation ResumeAdvice::situationOf(RestoreJournal::Phase phase)
{
    using Phase = RestoreJournal::Phase;
    switch (phase) {
    case Phase::Stopping:
    case Phase::MovingAside:
    case Phase::Copying:
        return Situation::CopyNotVerified;
    case Phase::Installing:
    case Phase::Starting:
    case Phase::WaitingReady:
    case Phase::SpotChecking:
    case Phase::VerifyingChain:
        return Situation::CopyInPlace;
    case Phase::Finishing:
        return Situation::Verified;
    case Phase::RollingBack:
        return Situation::RollingBack;
    }
    return Situation::CopyNotVerified;
}

ResumeAdvice ResumeAdvice::forJournal(const RestoreJournal &journal)
{
    ResumeAdvice advice;
    advice.situation = situationOf(journal.phase);
    const QString where = QStringLiteral("A restore of %1 from %2, started %3, was interrupted while %4.")
                              .arg(journal.databasePath, journal.backupPath, journal.startedAt,
                                   RestoreJournal::phaseName(journal.phase).replace(QLatin1Char('_'), QLatin1Char(' ')));
    switch (advice.situation) {
    case Situation::CopyNotVerified:
        advice.recommended = Choice::RollBack;
        advice.canFinish = true;
        advice.canRollBack = true;
        advice.explanation = where + QStringLiteral(" The copy was not verified yet: rolling back (the original database "
                                                    "back in place, the gateway started) is the safe choice.");
        break;
    case Situation::CopyInPlace:
        advice.recommended = Choice::Finish;
        advice.canFinish = true;
        advice.canRollBack = true;
        advice.explanation = where + QStringLiteral(" The backup's copy was verified and is in place: finishing starts the "
                                                    "gateway and runs the checks (any failure still rolls back).");
        break;
    case Situation::Verified:
        advice.recommended = Choice::Finish;
        advice.canFinish = true;
        advice.explanation = where + QStringLiteral(" The restore had been verified; only the report and the .bad files "
                                                    "remain.");
        break;
    case Situation::RollingBack:
        advice.recommended = Choice::RollBack;
        advice.canRollBack = true;
        advice.explanation = where
            + QStringLiteral(" It had failed (%1); the rollback is completed now.")
                  .arg(RestoreWording::failure(journal.failure));
        break;
    }
    return advice;
}

} // namespace aegis
