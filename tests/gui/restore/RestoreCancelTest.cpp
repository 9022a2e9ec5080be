// A restore stopped by the operator and one that fails, through the
// wizard with the real gateway: Cancel during the copy asks first, then
// the engine rolls back (the original database back in place, served
// again); an injected failure of the copy rolls back by itself and the last
// page says what failed, that the original is back, and where the report is.
#include "common/restore/RestoreFileNames.h"
#include "console/restore/ChooseBackupPage.h"
#include "console/restore/ConfirmPage.h"
#include "console/restore/PreflightPage.h"
#include "console/restore/ProgressPage.h"
#include "console/restore/RestorePage.h"
#include "console/restore/RestoreRun.h"
#include "console/restore/RestoreStepModel.h"
#include "console/restore/ResultPage.h"
#include "console/widgets/MessagePanel.h"
#include "tests/gui/ModalAnswer.h"
#include "tests/gui/restore/RestoreConsole.h"
#include "tests/gui/restore/SlowCopyFileOperations.h"
#include "tests/unit/restore/support/FaultyFileOperations.h"

#include "console/connection/ConnectionProfile.h"

#include <QAbstractButton>
#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRadioButton>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QtTest>

using namespace aegis;
using namespace aegis::console;
using namespace aegis::test;

class RestoreCancelTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<RestoreConsole> console;

    // From the first page to the running restore, the catalog backup read
    // from the profile's backup directory.
    RestoreWizard *startRestore(QString *error)
    {
        RestoreWizard *wizard = console->openWizard(error);
        if (!wizard)
            return nullptr;
        if (!QTest::qWaitFor([wizard] { return wizard->choosePage()->selectBackup(QStringLiteral("before-upgrade.db")); }, 15000)) {
            *error = QStringLiteral("the catalog did not list the backup");
            return nullptr;
        }
        if (!RestoreConsole::next(wizard, RestoreWizard::PreflightPageId, error))
            return nullptr;
        if (!QTest::qWaitFor([wizard] { return wizard->preflightPage()->hasResult(); }, 120000) || !wizard->preflightPage()->result().passed()) {
            *error = QStringLiteral("the checks did not pass: %1").arg(wizard->preflightPage()->verdict()->text());
            return nullptr;
        }
        if (wizard->state().local.downloaded) {
            *error = QStringLiteral("the backup was downloaded though the backup directory is readable");
            return nullptr;
        }
        if (!RestoreConsole::next(wizard, RestoreWizard::PlanPageId, error) || !RestoreConsole::next(wizard, RestoreWizard::ConfirmPageId, error))
            return nullptr;
        wizard->confirmPage()->phraseEdit()->setText(wizard->confirmPage()->expectedPhrase());
        if (!RestoreConsole::next(wizard, RestoreWizard::ProgressPageId, error))
            return nullptr;
        return wizard;
    }

    void verifyOriginalServed(RestoreWizard *wizard)
    {
        const ServedState served = console->scenario().served();
        QVERIFY2(served == console->newer(), qPrintable(served.describe() + QStringLiteral(" vs ") + console->newer().describe()));
        QVERIFY(!QFileInfo::exists(RestoreFileNames::journal(console->scenario().database())));
        QVERIFY(QDir(console->scenario().dir() + QStringLiteral("/db")).entryList({QStringLiteral("*.partial")}, QDir::Files | QDir::Hidden).isEmpty());
        // The rollback compared the original's hash before and after.
        const RestoreReport &report = wizard->state().report;
        bool checked = false;
        for (const StepRecord &step : report.steps) {
            if (step.step == RestoreStep::Rollback) {
                QCOMPARE(step.details.value(QStringLiteral("live_sha256")).toString(),
                    step.details.value(QStringLiteral("original_sha256")).toString());
                checked = true;
            }
        }
        QVERIFY2(checked, qPrintable(report.toText()));
        QVERIFY(QFile::exists(wizard->run()->reportPath()));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        console = std::make_unique<RestoreConsole>(QStringLiteral("wizard-cancel"));
        QString error;
        QVERIFY2(console->prepare(&error), qPrintable(error));
        QVERIFY2(console->connect(console->profile(true), &error), qPrintable(error));
    }

    void cleanupTestCase()
    {
        console.reset();
    }

    void cancelDuringTheCopyRollsBack()
    {
        SlowCopyFileOperations slow;
        console->page()->setDependencies({&slow, nullptr, nullptr, {}});
        QString error;
        RestoreWizard *wizard = startRestore(&error);
        QVERIFY2(wizard, qPrintable(error));
        ProgressPage *progress = wizard->progressPage();
        QTRY_COMPARE_WITH_TIMEOUT(progress->steps()->state(RestoreStep::Copy), RestoreStepModel::State::Running, 120000);
        RestoreConsole::shot(wizard, QStringLiteral("cancel-copying"));

        // Esc asks first; "Keep going" changes nothing.
        answerNextModal(QStringLiteral("Keep going"));
        QTest::keyClick(wizard, Qt::Key_Escape);
        QTest::qWait(300);
        QVERIFY(wizard->isVisible());
        QCOMPARE(progress->steps()->state(RestoreStep::Copy), RestoreStepModel::State::Running);

        answerNextModal(QStringLiteral("Stop the restore"), QStringLiteral("restore-cancel-question"));
        wizard->button(QWizard::CancelButton)->click();
        QTRY_VERIFY_WITH_TIMEOUT(progress->verdict()->text().contains(QStringLiteral("Stopping the restore")) || progress->hasEnded(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(progress->hasEnded(), 180000);
        QVERIFY(wizard->isVisible());
        const RestoreReport report = wizard->state().report;
        QVERIFY2(report.outcome == RestoreReport::Outcome::RolledBack, qPrintable(report.toText()));
        QCOMPARE(report.failure.kind(), StepFinding::Kind::Cancelled);
        QCOMPARE(progress->steps()->state(RestoreStep::Copy), RestoreStepModel::State::Failed);
        QCOMPARE(progress->steps()->state(RestoreStep::Rollback), RestoreStepModel::State::Done);
        RestoreConsole::shot(wizard, QStringLiteral("cancelled-progress"));
        QVERIFY2(RestoreConsole::next(wizard, RestoreWizard::ResultPageId, &error), qPrintable(error));
        // A stop the operator asked for is not a failure: amber, said so,
        // nothing to fix.
        ResultPage *result = wizard->resultPage();
        QVERIFY(result->verdict()->text().contains(QStringLiteral("You stopped the restore")));
        QVERIFY(result->verdict()->text().contains(QStringLiteral("original database is back in place")));
        QCOMPARE(result->verdict()->status(), StatusColors::Status::Warning);
        QCOMPARE(result->findChild<QLabel *>(QStringLiteral("failureText"))->text(),
                 QStringLiteral("nothing: you stopped the restore"));
        QVERIFY(!result->findChild<QLabel *>(QStringLiteral("nextAction"))->text().contains(QStringLiteral("fix its cause")));
        QVERIFY(wizard->button(QWizard::FinishButton)->isEnabled());
        RestoreConsole::shot(wizard, QStringLiteral("cancelled"));
        verifyOriginalServed(wizard);
        wizard->button(QWizard::FinishButton)->click();
        QTRY_VERIFY(!wizard->isVisible());
    }

    void aFailedCopyRollsBackAndSaysWhat()
    {
        PosixFileOperations posix;
        FaultyFileOperations faulty(posix);
        faulty.failAt(QStringLiteral("copy"), 1, QStringLiteral("injected failure: No space left on device"));
        console->page()->setDependencies({&faulty, nullptr, nullptr, {}});
        QString error;
        RestoreWizard *wizard = startRestore(&error);
        QVERIFY2(wizard, qPrintable(error));
        ProgressPage *progress = wizard->progressPage();
        QTRY_VERIFY_WITH_TIMEOUT(progress->hasEnded(), 180000);
        const RestoreReport report = wizard->state().report;
        QVERIFY2(report.outcome == RestoreReport::Outcome::RolledBack, qPrintable(report.toText()));
        QCOMPARE(report.failure.step, RestoreStep::Copy);
        QCOMPARE(report.failure.kind(), StepFinding::Kind::FilesFailed);
        QVERIFY2(report.failure.finding.cause.contains(QStringLiteral("No space left on device")),
                 qPrintable(report.failure.finding.cause));
        QCOMPARE(progress->steps()->state(RestoreStep::Copy), RestoreStepModel::State::Failed);
        QCOMPARE(progress->steps()->state(RestoreStep::Start), RestoreStepModel::State::NotRun);
        RestoreConsole::shot(wizard, QStringLiteral("failure-progress"));
        QVERIFY2(RestoreConsole::next(wizard, RestoreWizard::ResultPageId, &error), qPrintable(error));
        ResultPage *result = wizard->resultPage();
        QVERIFY(result->verdict()->text().contains(QStringLiteral("original database is back in place")));
        QCOMPARE(result->verdict()->status(), StatusColors::Status::Bad);
        QVERIFY(result->findChild<QLabel *>(QStringLiteral("failureText"))->text().contains(QStringLiteral("No space left")));
        QVERIFY(result->reportLabel()->text().contains(wizard->run()->reportPath()));
        RestoreConsole::shot(wizard, QStringLiteral("failure"));
        verifyOriginalServed(wizard);
        wizard->button(QWizard::FinishButton)->click();
        QTRY_VERIFY(!wizard->isVisible());
        console->page()->setDependencies({});
    }

    // Nothing leaves a verified restore unfinished: once it is verified
    // there is no Cancel, and Esc on the progress page or closing the
    // window on the result page (even with "delete" ticked) finish it the
    // default way: the replaced files kept, the report written, the journal
    // closed, so that a new restore can start. (Runs last: it restores.)
    void leavingAVerifiedRestoreFinishesIt()
    {
        console->page()->setDependencies({});
        const QString journal = RestoreFileNames::journal(console->scenario().database());
        for (const bool onResultPage : {false, true}) {
            QString error;
            RestoreWizard *wizard = startRestore(&error);
            QVERIFY2(wizard, qPrintable(error));
            QTRY_VERIFY_WITH_TIMEOUT(wizard->progressPage()->hasEnded(), 180000);
            QVERIFY2(wizard->state().report.outcome == RestoreReport::Outcome::Verified, qPrintable(wizard->state().report.toText()));
            QVERIFY(QFile::exists(journal));
            QVERIFY(!wizard->button(QWizard::CancelButton)->isVisible());
            if (onResultPage) {
                QVERIFY2(RestoreConsole::next(wizard, RestoreWizard::ResultPageId, &error), qPrintable(error));
                for (QWizard::WizardButton other : {QWizard::CancelButton, QWizard::BackButton})
                    QVERIFY(!wizard->button(other)->isVisible());
                wizard->resultPage()->findChild<QRadioButton *>(QStringLiteral("deleteBadFiles"))->setChecked(true);
                RestoreConsole::shot(wizard, QStringLiteral("verified-result-closing"));
                wizard->close();
            } else {
                RestoreConsole::shot(wizard, QStringLiteral("verified-progress-escape"));
                QTest::keyClick(wizard, Qt::Key_Escape);
            }
            QTRY_VERIFY_WITH_TIMEOUT(!wizard->isVisible(), 60000);
            QVERIFY(wizard->state().finished);
            QVERIFY(!QFile::exists(journal));
            QFile report(wizard->run()->reportPath());
            QVERIFY2(report.open(QIODevice::ReadOnly), qPrintable(report.fileName()));
            const QJsonObject json = QJsonDocument::fromJson(report.readAll()).object();
            QCOMPARE(json.value(QStringLiteral("outcome")).toString(), QStringLiteral("verified"));
            QVERIFY2(json.value(QStringLiteral("bad_files")).toString().contains(QStringLiteral("kept")),
                qPrintable(json.value(QStringLiteral("bad_files")).toString()));
            QVERIFY(!QDir(console->scenario().dir() + QStringLiteral("/db")).entryList({QStringLiteral("aegisagent.db.bad-*")}, QDir::Files).isEmpty());
            QTRY_VERIFY_WITH_TIMEOUT(console->page()->lastResult()->text().contains(QStringLiteral("restored and verified")), 5000);
            QTRY_VERIFY_WITH_TIMEOUT(console->page()->startButton()->isEnabled(), 10000);
            console->page()->checkForUnfinishedRestore();
            QTRY_VERIFY_WITH_TIMEOUT(!console->page()->hasUnfinishedRestore() && !console->page()->journalMessage()->isVisible(), 10000);
            RestoreConsole::shot(&console->window(), onResultPage ? QStringLiteral("page-after-close") : QStringLiteral("page-after-escape"));
        }
    }
};

QTEST_MAIN(RestoreCancelTest)
#include "RestoreCancelTest.moc"
