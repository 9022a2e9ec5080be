// Restores the wizard refuses, with the reason and what to do, touching
// nothing: a backup whose bytes no longer match its manifest; a backup
// without a manifest (the one override, which must be ticked knowingly);
// a connection that does not say where the database is (the first page says
// so and leads to Edit connection). In the light palette and a dark one; a
// second run at 200 % (QT_SCALE_FACTOR=2) keeps its own screenshots.
#include "common/restore/RestoreFileNames.h"
#include "console/connection/ConnectDialog.h"
#include "console/models/JsonArrayModel.h"
#include "console/restore/ChooseBackupPage.h"
#include "console/restore/PlanPage.h"
#include "console/restore/PreflightPage.h"
#include "console/restore/RestorePage.h"
#include "console/widgets/MessagePanel.h"
#include "tests/gui/restore/RestoreConsole.h"
#include "tests/support/SqliteShell.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QDir>
#include <QPushButton>
#include <QtTest>

using namespace aegis;
using namespace aegis::console;
using namespace aegis::test;

class RestoreRefusalTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<RestoreConsole> console;
    QString liveSha;
    QStringList liveFiles;

    // Nothing of the live installation changed, and the gateway still serves it.
    void verifyUntouched()
    {
        QCOMPARE(console->scenario().databaseDirectory(), liveFiles);
        QCOMPARE(RestoreScenario::sha256Of(console->scenario().database()), liveSha);
        QVERIFY(!QFileInfo::exists(RestoreFileNames::journal(console->scenario().database())));
        QVERIFY(console->scenario().gateway().isRunning());
        QVERIFY(console->scenario().served() == console->newer());
    }

    QString copyOfBackup(const QString &name, bool withManifest)
    {
        const QString path = console->harness().scratch().filePath(name);
        QFile::remove(path);
        QFile::remove(path + QStringLiteral(".manifest.json"));
        if (!QFile::copy(console->scenario().backup(), path))
            return QString();
        if (withManifest && !QFile::copy(console->scenario().manifest(), path + QStringLiteral(".manifest.json")))
            return QString();
        return path;
    }

    RestoreWizard *checkFile(const QString &path)
    {
        QString error;
        RestoreWizard *wizard = console->openWizard(&error);
        if (!wizard) {
            qWarning("%s", qPrintable(error));
            return nullptr;
        }
        wizard->choosePage()->useFile(path);
        if (!RestoreConsole::next(wizard, RestoreWizard::PreflightPageId, &error)) {
            qWarning("%s", qPrintable(error));
            return nullptr;
        }
        if (!QTest::qWaitFor([wizard] { return wizard->preflightPage()->hasResult(); }, 120000))
            return nullptr;
        return wizard;
    }

    static void close(RestoreWizard *wizard)
    {
        wizard->reject();
        QTRY_VERIFY(!wizard->isVisible());
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        console = std::make_unique<RestoreConsole>(QStringLiteral("wizard-refusals"));
        QString error;
        QVERIFY2(console->prepare(&error), qPrintable(error));
        QVERIFY2(console->connect(console->profile(true), &error), qPrintable(error));
        // The gateway's last writes copied into the database file before
        // its hash is taken, by an explicit checkpoint as an operator's
        // sqlite3 would run it (not waiting for the gateway's own): 0 is
        // "every frame copied, nothing blocked it".
        QTRY_COMPARE_WITH_TIMEOUT(
            SqliteShell::scalar(console->scenario().database(), QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")).toInt(),
            0, 30000);
        liveSha = RestoreScenario::sha256Of(console->scenario().database());
        liveFiles = console->scenario().databaseDirectory();
    }

    void cleanupTestCase()
    {
        console.reset();
    }

    void aTamperedBackupIsRefused()
    {
        // The file changed after it was taken: 4 KiB more than its manifest says.
        const QString path = copyOfBackup(QStringLiteral("tampered.db"), true);
        QVERIFY(!path.isEmpty());
        QFile file(path);
        QVERIFY(file.open(QIODevice::Append));
        file.write(QByteArray(4096, '\0'));
        file.close();

        RestoreWizard *wizard = checkFile(path);
        QVERIFY(wizard);
        PreflightPage *checks = wizard->preflightPage();
        QVERIFY(!checks->result().passed());
        QCOMPARE(checks->result().check(QStringLiteral("sha256"))->status, PreflightCheck::Status::Failed);
        QVERIFY(!checks->result().refusal().canOverride());
        QCOMPARE(checks->verdict()->status(), StatusColors::Status::Bad);
        QVERIFY2(checks->verdict()->text().contains(QStringLiteral("refused: nothing was changed")), qPrintable(checks->verdict()->text()));
        // What to do, in words, beside the check.
        QVERIFY2(checks->verdict()->text().contains(QStringLiteral("do not restore it")), qPrintable(checks->verdict()->text()));
        const int row = checks->checks()->find(QStringLiteral("id"), QStringLiteral("sha256"));
        QVERIFY(checks->checks()->data(checks->checks()->index(row, 3)).toString().contains(QStringLiteral("choose another backup")));
        QVERIFY(!checks->overrideBox()->isVisible());
        QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
        QVERIFY(checks->againButton()->isVisible());
        RestoreConsole::shot(wizard, QStringLiteral("refused"));

        const QPalette light = QApplication::palette();
        QApplication::setPalette(ConsoleHarness::darkPalette());
        QTest::qWait(200);
        RestoreConsole::shot(wizard, QStringLiteral("refused-dark"));
        wizard->back();
        QTRY_COMPARE(wizard->currentId(), int(RestoreWizard::ChoosePageId));
        RestoreConsole::shot(wizard, QStringLiteral("1-choose-dark"));
        QApplication::setPalette(light);
        close(wizard);
        verifyUntouched();
    }

    void aBackupWithoutManifestNeedsTheOverride()
    {
        const QString path = copyOfBackup(QStringLiteral("no-manifest.db"), false);
        QVERIFY(!path.isEmpty());
        QString error;
        RestoreWizard *wizard = console->openWizard(&error);
        QVERIFY2(wizard, qPrintable(error));
        wizard->choosePage()->useFile(path);
        QVERIFY(wizard->choosePage()->manifestLabel()->text().contains(QStringLiteral("No manifest")));
        RestoreConsole::shot(wizard, QStringLiteral("1-choose-file"));
        QVERIFY2(RestoreConsole::next(wizard, RestoreWizard::PreflightPageId, &error), qPrintable(error));
        PreflightPage *checks = wizard->preflightPage();
        QTRY_VERIFY_WITH_TIMEOUT(checks->hasResult(), 120000);
        QVERIFY(checks->result().refusal().canOverride());
        QVERIFY(checks->overrideBox()->isVisible());
        QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
        // The advice on a check that only needs the operator's OK is in the
        // row's amber, not in the red of a refusal.
        const int manifestRow = checks->checks()->find(QStringLiteral("id"), QStringLiteral("manifest"));
        const QModelIndex advice = checks->checks()->index(manifestRow, 3);
        QVERIFY(!checks->checks()->data(advice).toString().isEmpty());
        QCOMPARE(checks->checks()->data(advice, Qt::ForegroundRole).value<QColor>(),
                 StatusColors::foreground(StatusColors::Status::Warning, QApplication::palette()));
        RestoreConsole::shot(wizard, QStringLiteral("no-manifest"));
        checks->overrideBox()->setChecked(true);
        QVERIFY(wizard->button(QWizard::NextButton)->isEnabled());
        QVERIFY2(RestoreConsole::next(wizard, RestoreWizard::PlanPageId, &error), qPrintable(error));
        QCOMPARE(wizard->state().preflight.check(QStringLiteral("manifest"))->status, PreflightCheck::Status::Overridden);
        QVERIFY(wizard->state().preflight.passed());
        close(wizard);
        verifyUntouched();
    }

    void aConnectionWithoutDatabaseSaysSo()
    {
        ConnectionProfile profile = console->profile(true);
        profile.databasePath.clear();
        QString error;
        QVERIFY2(console->connect(profile, &error), qPrintable(error));
        RestorePage *page = console->page();
        console->window().showPage(QStringLiteral("restore"));
        QTRY_VERIFY(!page->startButton()->isEnabled());
        RestoreConsole::shot(&console->window(), QStringLiteral("page-no-database"));
        RestoreWizard *wizard = page->openWizard();
        QVERIFY(wizard);
        QVERIFY(QTest::qWaitForWindowExposed(wizard));
        QVERIFY(wizard->choosePage()->targetProblem()->isVisible());
        QVERIFY(wizard->choosePage()->targetProblem()->text().contains(QStringLiteral("database path")));
        QVERIFY(!wizard->button(QWizard::NextButton)->isEnabled());
        RestoreConsole::shot(wizard, QStringLiteral("no-database-path"));
        // One click to the connection's settings.
        auto *edit = wizard->choosePage()->targetProblem()->findChild<QPushButton *>(QStringLiteral("editConnectionButton"));
        QVERIFY(edit);
        edit->click();
        QTRY_VERIFY(!wizard->isVisible());
        ConnectDialog *dialog = nullptr;
        QTRY_VERIFY([&] {
            for (ConnectDialog *candidate : console->window().findChildren<ConnectDialog *>())
                if (candidate->isVisible())
                    dialog = candidate;
            return dialog != nullptr;
        }());
        dialog->reject();
        verifyUntouched();
    }
};

QTEST_MAIN(RestoreRefusalTest)
#include "RestoreRefusalTest.moc"
