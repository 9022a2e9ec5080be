// An interrupted restore found when the console starts: aegis-restore is
// killed part-way (the crash helper of the restore integration tests
// _exit()s before a chosen file operation, as kill -9 or a power cut
// would), leaving its journal. The console, started on that profile, shows
// what happened and offers the advised choice first and the other where the
// rules allow; "Later" leaves it on the Restore page (a new restore cannot
// start); the choice then runs on the wizard's progress page and ends with
// the gateway serving one whole database, never a mixture.
#include "common/restore/PosixFileOperations.h"
#include "common/restore/RestoreEngine.h"
#include "common/restore/RestoreFileNames.h"
#include "console/restore/ProgressPage.h"
#include "console/restore/RestorePage.h"
#include "console/restore/RestoreStepModel.h"
#include "console/restore/ResultPage.h"
#include "console/restore/ResumeDialog.h"
#include "console/widgets/MessagePanel.h"
#include "tests/gui/restore/RestoreConsole.h"

#include <QLabel>
#include <QPushButton>
#include <QtTest>

using namespace aegis;
using namespace aegis::console;
using namespace aegis::test;

class RestoreJournalTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
    }

    void offersToFinishOrRollBackAtStart()
    {
        RestoreConsole console(QStringLiteral("wizard-journal"));
        QString error;
        QVERIFY2(console.prepare(&error), qPrintable(error));
        RestoreScenario &scenario = console.scenario();

        // Killed while copying the backup into place (the ninth file
        // operation that changes the disk: journal writes, hashes, renames).
        const int crashAt = qEnvironmentVariableIntValue("AEGIS_TEST_CRASH_AT") > 0 ? qEnvironmentVariableIntValue("AEGIS_TEST_CRASH_AT") : 9;
        const RestoreScenario::Run killed = scenario.run(QStringLiteral(AEGIS_RESTORE_CRASH_HELPER),
            QStringList{QStringLiteral("--crash-at"), QString::number(crashAt), QStringLiteral("--")} + scenario.restoreArguments()
                + QStringList{QStringLiteral("--backup"), scenario.backup(), QStringLiteral("--yes")});
        QVERIFY2(killed.exitCode == 86, qPrintable(killed.output));
        PosixFileOperations files;
        QString why;
        const auto journal = RestoreEngine::loadJournal(files, scenario.database(), &why);
        QVERIFY2(journal, qPrintable(why));
        const ResumeAdvice advice = ResumeAdvice::forJournal(*journal);
        QVERIFY2(advice.canFinish && advice.canRollBack, qPrintable(RestoreJournal::phaseName(journal->phase)));

        // The console starts on that profile.
        console.store(console.profile(true));
        console.window().start();
        RestorePage *page = console.page();
        QTRY_VERIFY_WITH_TIMEOUT(page->resumeDialog() && page->resumeDialog()->isVisible(), 15000);
        ResumeDialog *dialog = page->resumeDialog();
        QCOMPARE(dialog->advice().recommended, advice.recommended);
        QPushButton *recommended = advice.recommended == ResumeAdvice::Choice::Finish ? dialog->finishButton() : dialog->rollBackButton();
        QPushButton *other = advice.recommended == ResumeAdvice::Choice::Finish ? dialog->rollBackButton() : dialog->finishButton();
        QVERIFY(recommended && other);
        QVERIFY(recommended->isDefault());
        QVERIFY(recommended->text().contains(QStringLiteral("recommended")));
        QVERIFY(!other->text().contains(QStringLiteral("recommended")));
        QVERIFY2(dialog->explanation()->text().contains(ResumeDialog::phaseInWords(journal->phase)), qPrintable(dialog->explanation()->text()));
        QTest::qWait(100);
        RestoreConsole::shot(dialog, QStringLiteral("journal-dialog"));

        // Later: the Restore page keeps saying so, and no new restore starts.
        dialog->laterButton()->click();
        QTRY_VERIFY(!page->resumeDialog());
        QVERIFY(page->journalMessage()->isVisible());
        QVERIFY(!page->startButton()->isEnabled());
        RestoreConsole::shot(&console.window(), QStringLiteral("page-unfinished"));
        QVERIFY(page->openWizard() == nullptr);
        QTRY_VERIFY(page->resumeDialog() && page->resumeDialog()->isVisible());
        dialog = page->resumeDialog();

        // The advised choice, run on the progress page.
        const bool finish = advice.recommended == ResumeAdvice::Choice::Finish;
        (finish ? dialog->finishButton() : dialog->rollBackButton())->click();
        QTRY_VERIFY_WITH_TIMEOUT(page->wizard() && page->wizard()->isVisible(), 10000);
        RestoreWizard *wizard = page->wizard();
        QCOMPARE(wizard->currentId(), int(RestoreWizard::ProgressPageId));
        QTRY_VERIFY_WITH_TIMEOUT(wizard->progressPage()->hasEnded(), 240000);
        const RestoreReport report = wizard->state().report;
        QVERIFY(report.resumed);
        RestoreConsole::shot(wizard, QStringLiteral("journal-progress"));
        QVERIFY2(RestoreConsole::next(wizard, RestoreWizard::ResultPageId, &error), qPrintable(error));
        if (finish) {
            QVERIFY2(report.outcome == RestoreReport::Outcome::Verified, qPrintable(report.toText()));
            QSignalSpy finished(wizard->resultPage(), &ResultPage::finished);
            wizard->resultPage()->finishButton()->click();
            QVERIFY(finished.wait(60000));
            QVERIFY(scenario.served() == console.atBackup());
        } else {
            QVERIFY2(report.outcome == RestoreReport::Outcome::RolledBack, qPrintable(report.toText()));
            QVERIFY(scenario.served() == console.newer());
        }
        RestoreConsole::shot(wizard, QStringLiteral("journal-result"));
        QVERIFY(!QFileInfo::exists(RestoreFileNames::journal(scenario.database())));
        wizard->button(QWizard::FinishButton)->click();
        QTRY_VERIFY(!wizard->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(!page->hasUnfinishedRestore(), 10000);
        QTRY_VERIFY(page->startButton()->isEnabled());
        QVERIFY(!page->journalMessage()->isVisible());
    }
};

QTEST_MAIN(RestoreJournalTest)
#include "RestoreJournalTest.moc"
