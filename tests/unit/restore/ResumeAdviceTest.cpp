// What to do with an interrupted restore, decided once in common/restore:
// every phase has a situation, and the choices follow from it alone (the
// console's dialog words its advice from the situation, not the phase).
#include "common/restore/ResumeAdvice.h"

#include <QtTest>

using namespace aegis;

class ResumeAdviceTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyPhaseHasItsSituation_data()
    {
        using Phase = RestoreJournal::Phase;
        using Situation = ResumeAdvice::Situation;
        using Choice = ResumeAdvice::Choice;
        QTest::addColumn<Phase>("phase");
        QTest::addColumn<Situation>("situation");
        QTest::addColumn<Choice>("recommended");
        QTest::addColumn<bool>("canFinish");
        QTest::addColumn<bool>("canRollBack");
        QTest::newRow("stopping") << Phase::Stopping << Situation::CopyNotVerified << Choice::RollBack << true << true;
        QTest::newRow("moving aside") << Phase::MovingAside << Situation::CopyNotVerified << Choice::RollBack << true << true;
        QTest::newRow("copying") << Phase::Copying << Situation::CopyNotVerified << Choice::RollBack << true << true;
        QTest::newRow("installing") << Phase::Installing << Situation::CopyInPlace << Choice::Finish << true << true;
        QTest::newRow("starting") << Phase::Starting << Situation::CopyInPlace << Choice::Finish << true << true;
        QTest::newRow("waiting ready") << Phase::WaitingReady << Situation::CopyInPlace << Choice::Finish << true << true;
        QTest::newRow("spot checking") << Phase::SpotChecking << Situation::CopyInPlace << Choice::Finish << true << true;
        QTest::newRow("verifying chain") << Phase::VerifyingChain << Situation::CopyInPlace << Choice::Finish << true << true;
        QTest::newRow("finishing") << Phase::Finishing << Situation::Verified << Choice::Finish << true << false;
        QTest::newRow("rolling back") << Phase::RollingBack << Situation::RollingBack << Choice::RollBack << false << true;
    }

    void everyPhaseHasItsSituation()
    {
        QFETCH(RestoreJournal::Phase, phase);
        QFETCH(ResumeAdvice::Situation, situation);
        QFETCH(ResumeAdvice::Choice, recommended);
        QFETCH(bool, canFinish);
        QFETCH(bool, canRollBack);
        RestoreJournal journal;
        journal.phase = phase;
        const ResumeAdvice advice = ResumeAdvice::forJournal(journal);
        QCOMPARE(ResumeAdvice::situationOf(phase), situation);
        QCOMPARE(advice.situation, situation);
        QCOMPARE(advice.recommended, recommended);
        QCOMPARE(advice.canFinish, canFinish);
        QCOMPARE(advice.canRollBack, canRollBack);
        QVERIFY(advice.allows(advice.recommended));
        QVERIFY(!advice.explanation.isEmpty());
    }
};

QTEST_GUILESS_MAIN(ResumeAdviceTest)
#include "ResumeAdviceTest.moc"
