// "Kill the restore at every step": the engine is interrupted before each
// effectful file operation in turn (the interrupted copy leaves half a
// file), then a new engine finds the journal and finishes or rolls back.
// Whatever the point, the gateway ends up serving exactly the original or
// exactly the restored database, and the original's bytes still exist.
// (tests/integration/restore does the same with a real process killed by
// _exit and a real gateway.)
#include "tests/unit/restore/RestoreRig.h"

#include <QSet>

using namespace aegis;
using namespace aegis::test;

namespace {

struct SimulatedCrash
{
};

enum class Ending
{
    Original,
    Restored
};

} // namespace

class RestoreCrashPointsTest : public QObject
{
    Q_OBJECT

private:
    // Runs a whole restore that crashes at the nth effectful operation.
    // False when the restore got through without reaching n.
    bool crashAt(RestoreRig &rig, int n)
    {
        rig.files.crashAt(n, [] { throw SimulatedCrash(); });
        try {
            rig.restore();
        } catch (const SimulatedCrash &) {
            rig.files.clearFaults();
            return true;
        }
        rig.files.clearFaults();
        return false;
    }

    // After the recovery: one of the two whole databases, served, nothing of
    // the restore in flight, the original's bytes kept.
    Ending verifyConsistent(RestoreRig &rig, const QString &context)
    {
        const QString what = context + QStringLiteral("\n") + rig.files.log().join(QLatin1Char('\n'));
        const QString live = RestoreFixture::sha256Of(rig.fixture.database);
        if (!rig.gateway.running)
            qFatal("%s: the gateway is not running", qPrintable(what));
        if (QFileInfo::exists(rig.journalPath()))
            qFatal("%s: the journal remains", qPrintable(what));
        if (!rig.named(QStringLiteral("*.partial")).isEmpty())
            qFatal("%s: a temporary copy remains", qPrintable(what));
        if (QFileInfo::exists(rig.fixture.database + QStringLiteral("-wal")))
            qFatal("%s: a -wal is beside the database", qPrintable(what));
        if (live == rig.fixture.liveSha256)
            return Ending::Original;
        if (live != rig.fixture.backupSha256)
            qFatal("%s: the live database is neither the original nor the backup (%s)", qPrintable(what), qPrintable(live));
        const QStringList kept = rig.hashesOf(rig.named(QStringLiteral("aegis.db.bad-*")));
        if (!kept.contains(rig.fixture.liveSha256))
            qFatal("%s: restored, but the original's bytes are nowhere", qPrintable(what));
        return Ending::Restored;
    }

    void recoverAndCheck(const QString &name, std::optional<ResumeAdvice::Choice> choice, QSet<int> *endings)
    {
        for (int n = 1;; ++n) {
            RestoreRig rig(QStringLiteral("%1-%2").arg(name).arg(n));
            if (!crashAt(rig, n)) {
                QVERIFY2(n > 10, "the restore has more effectful steps than that");
                return;
            }
            const QString context = QStringLiteral("crash before effectful operation #%1").arg(n);
            QString error;
            const auto journal = RestoreEngine::loadJournal(rig.files, rig.fixture.database, &error);
            QVERIFY2(error.isEmpty(), qPrintable(context + QStringLiteral(": ") + error));
            if (journal) {
                const ResumeAdvice advice = ResumeAdvice::forJournal(*journal);
                ResumeAdvice::Choice chosen = choice.value_or(advice.recommended);
                if (!advice.allows(chosen))
                    chosen = advice.recommended;
                RestoreEngine engine(rig.context(), rig.options);
                RestoreReport report = engine.resume(*journal, chosen);
                if (report.outcome == RestoreReport::Outcome::Verified)
                    report = engine.finish(BadFilesDisposition::Keep);
                QVERIFY2(report.outcome == RestoreReport::Outcome::Verified || report.outcome == RestoreReport::Outcome::RolledBack
                             || report.outcome == RestoreReport::Outcome::Aborted,
                         qPrintable(context + QStringLiteral("\n") + report.toText()));
                if (chosen == ResumeAdvice::Choice::RollBack && advice.canRollBack)
                    QCOMPARE(RestoreFixture::sha256Of(rig.fixture.database), rig.fixture.liveSha256);
            } else if (!rig.gateway.running) {
                // Crashed before the journal existed, or after it was removed:
                // nothing to resume; the operator starts the gateway.
                rig.gateway.start();
            }
            endings->insert(int(verifyConsistent(rig, context)));
        }
    }

private Q_SLOTS:
    void recommendedRecoveryAtEveryPoint()
    {
        QSet<int> endings;
        recoverAndCheck(QStringLiteral("recommended"), std::nullopt, &endings);
        // Early crashes roll back, late ones finish: both endings happen.
        QCOMPARE(endings.size(), 2);
    }

    void rollbackAtEveryPoint()
    {
        QSet<int> endings;
        recoverAndCheck(QStringLiteral("rollback"), ResumeAdvice::Choice::RollBack, &endings);
        QVERIFY(endings.contains(int(Ending::Original)));
    }

    void finishAtEveryPoint()
    {
        QSet<int> endings;
        recoverAndCheck(QStringLiteral("finish"), ResumeAdvice::Choice::Finish, &endings);
        QVERIFY(endings.contains(int(Ending::Restored)));
    }
};

QTEST_GUILESS_MAIN(RestoreCrashPointsTest)
#include "RestoreCrashPointsTest.moc"
