#include "common/restore/ResumeAdvice.h"

namespace aegis {

QString ResumeAdvice::choiceName(Choice choice)
{
    return choice == Choice::Finish ? QStringLiteral("finish") : QStringLiteral("roll back");
}

ResumeAdvice ResumeAdvice::forJournal(const RestoreJournal &journal)
{
    using Phase = RestoreJournal::Phase;
    ResumeAdvice advice;
    const QString where = QStringLiteral("A restore of %1 from %2, started %3, was interrupted while %4.")
                              .arg(journal.databasePath, journal.backupPath, journal.startedAt,
                                   RestoreJournal::phaseName(journal.phase).replace(QLatin1Char('_'), QLatin1Char(' ')));
    switch (journal.phase) {
    case Phase::Stopping:
    case Phase::MovingAside:
    case Phase::Copying:
        advice.recommended = Choice::RollBack;
        advice.canFinish = true;
        advice.canRollBack = true;
        advice.explanation = where + QStringLiteral(" The copy was not verified yet: rolling back (the original database "
                                                    "back in place, the gateway started) is the safe choice.");
        break;
    case Phase::Installing:
    case Phase::Starting:
    case Phase::WaitingReady:
    case Phase::SpotChecking:
    case Phase::VerifyingChain:
        advice.recommended = Choice::Finish;
        advice.canFinish = true;
        advice.canRollBack = true;
        advice.explanation = where + QStringLiteral(" The backup's copy was verified and is in place: finishing starts the "
                                                    "gateway and runs the checks (any failure still rolls back).");
        break;
    case Phase::Finishing:
        advice.recommended = Choice::Finish;
        advice.canFinish = true;
        advice.explanation = where + QStringLiteral(" The restore had been verified; only the report and the .bad files "
                                                    "remain.");
        break;
    case Phase::RollingBack:
        advice.recommended = Choice::RollBack;
        advice.canRollBack = true;
        advice.explanation = where + QStringLiteral(" It had failed (%1); the rollback is completed now.").arg(journal.failure);
        break;
    }
    return advice;
}

} // namespace aegis
