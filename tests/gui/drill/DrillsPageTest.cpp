// The Drills page against the real gateway: one click runs a drill with a
// fresh backup, the steps fill in, the drill lands in the history with its
// recovery point and time, its PDF can be saved, a cancelled drill cleans
// up and is recorded too, and the overview shows the last drill's result.
#include "common/drill/DrillText.h"
#include "console/app/PageRegistry.h"
#include "console/drill/DrillsPage.h"
#include "console/pages/OverviewPage.h"
#include "console/widgets/StatusBadge.h"
#include "tests/gui/ConsoleHarness.h"
#include "tests/gui/ContrastProbe.h"
#include "tests/gui/restore/RestoreConsole.h"

#include <QApplication>

#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QHeaderView>
#include <QTreeWidget>
#include <QtTest>

using namespace aegis;
using namespace aegis::console;
using namespace aegis::test;

class DrillsPageTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<RestoreConsole> console;
    DrillsPage *page = nullptr;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        console = std::make_unique<RestoreConsole>(QStringLiteral("drills"));
        QString error;
        QVERIFY2(console->prepare(&error), qPrintable(error));
        QVERIFY2(console->connect(console->profile(true), &error), qPrintable(error));
        console->window().showPage(PageRegistry::Drills);
        page = qobject_cast<DrillsPage *>(console->window().page(PageRegistry::Drills));
        QVERIFY(page);
        QCOMPARE(page->history()->rowCount(), 0);
        QCOMPARE(page->historyDirectory(), console->scenario().dir() + QStringLiteral("/backups/drills"));
        console->window().resize(1100, 800);
        RestoreConsole::shot(&console->window(), QStringLiteral("drills-empty"));
    }

    void cleanupTestCase()
    {
        page = nullptr;
        console.reset();
    }

    void oneClickRunsADrillAndShowsItInTheHistory()
    {
        const qint64 production = console->scenario().gateway().pid();
        auto *run = page->findChild<QPushButton *>(QStringLiteral("runDrill"));
        auto *cancel = page->findChild<QPushButton *>(QStringLiteral("cancelDrill"));
        auto *progress = page->findChild<QProgressBar *>(QStringLiteral("drillProgress"));
        auto *steps = page->findChild<QTreeWidget *>(QStringLiteral("drillSteps"));
        QVERIFY(run && cancel && progress && steps);
        QVERIFY(run->isEnabled());
        QVERIFY(!cancel->isEnabled());

        QSignalSpy finished(page, &DrillsPage::drillFinished);
        run->click();
        QVERIFY(page->isRunning());
        QVERIFY(cancel->isEnabled());
        QVERIFY(!run->isEnabled());
        // Live steps: some step is seen running before the end.
        QTRY_VERIFY_WITH_TIMEOUT(steps->topLevelItem(int(DrillStep::RestoreCopy))->text(2) != QString()
                                     || !finished.isEmpty(),
                                 120000);
        RestoreConsole::shot(&console->window(), QStringLiteral("drills-running"));
        QVERIFY(!finished.isEmpty() || finished.wait(300000));
        const DrillReport report = finished.first().first().value<DrillReport>();
        QVERIFY2(report.passed(), qPrintable(DrillText::verdict(report) + QStringLiteral(": ") + report.failureDetail));
        QCOMPARE(progress->value(), DrillSteps::Count);
        for (int i = 0; i < DrillSteps::Count; ++i)
            QCOMPARE(steps->topLevelItem(i)->text(2), DrillText::outcome(DrillStepRecord::Outcome::Passed));

        // In the history, with its numbers, and its PDF beside the JSON.
        QCOMPARE(page->history()->rowCount(), 1);
        QCOMPARE(page->history()->item(0, 1)->text(), report.backupName);
        QCOMPARE(page->history()->item(0, 3)->text(), DrillText::duration(report.recoveryTimeMs));
        QCOMPARE(page->history()->item(0, 4)->text(), DrillText::outcome(DrillReport::Outcome::Passed));
        const QString json = page->entries().first().jsonPath;
        QVERIFY(QFileInfo(DrillHistory::pdfPathFor(json)).size() > 0);
        const QString saved = console->scenario().dir() + QStringLiteral("/saved-drill.pdf");
        QVERIFY(page->saveReportAs(saved));
        QCOMPARE(QFileInfo(saved).size(), QFileInfo(DrillHistory::pdfPathFor(json)).size());

        // Production was not touched.
        QCOMPARE(console->scenario().gateway().pid(), production);
        QVERIFY(console->scenario().gateway().isRunning());
        RestoreConsole::shot(&console->window(), QStringLiteral("drills-passed"));
    }

    void cancelledDrillCleansUpAndIsRecorded()
    {
        page->chooseBackup(QStringLiteral("before-upgrade.db"));
        auto *steps = page->findChild<QTreeWidget *>(QStringLiteral("drillSteps"));
        QSignalSpy finished(page, &DrillsPage::drillFinished);
        QVERIFY(page->runDrill());
        // Cancel once the throwaway gateway is being waited for.
        QTRY_VERIFY_WITH_TIMEOUT(!steps->topLevelItem(int(DrillStep::StartGateway))->text(2).isEmpty(), 120000);
        page->cancelDrill();
        QVERIFY(!finished.isEmpty() || finished.wait(120000));
        const DrillReport report = finished.first().first().value<DrillReport>();
        QCOMPARE(report.outcome, DrillReport::Outcome::Cancelled);
        QCOMPARE(report.record(DrillStep::StopGateway)->outcome, DrillStepRecord::Outcome::Passed);
        QCOMPARE(report.record(DrillStep::Cleanup)->outcome, DrillStepRecord::Outcome::Passed);
        QVERIFY(!QFileInfo::exists(report.scratchDirectory));
        QCOMPARE(page->history()->rowCount(), 2);
        QCOMPARE(page->history()->item(0, 4)->text().left(9), DrillText::outcome(DrillReport::Outcome::Cancelled));
        // The verdict says "cancelled" once: no second line repeating it.
        QVERIFY(!report.failureDetail.isEmpty());
        const QString verdict = page->findChild<QLabel *>(QStringLiteral("drillVerdict"))->text();
        QVERIFY2(!verdict.contains(QStringLiteral("<br>") + report.failureDetail + QStringLiteral("<br>")), qPrintable(verdict));
        RestoreConsole::shot(&console->window(), QStringLiteral("drills-history"));

        // The cancelled drill's red reads on a dark background too (a fixed
        // red was 2.7:1 there), in the history and in the steps.
        // Unselected: a selection is drawn in the desktop's highlight colours.
        page->history()->clearSelection();
        steps->clearSelection();
        const QPalette light = QApplication::palette();
        QApplication::setPalette(ConsoleHarness::darkPalette());
        QCoreApplication::processEvents();
        const ContrastProbe probe(&console->window());
        QTableWidget *history = page->history();
        const QRect result = history->visualItemRect(history->item(0, 4));
        const double historyRatio = probe.ratio(history->viewport(), result);
        const QString historyWords = probe.describe(history->viewport(), result);
        const QString cancelled = DrillText::outcome(DrillStepRecord::Outcome::Cancelled);
        QTreeWidgetItem *step = nullptr;
        for (int i = 0; i < steps->topLevelItemCount() && !step; ++i) {
            if (steps->topLevelItem(i)->text(2) == cancelled)
                step = steps->topLevelItem(i);
        }
        double stepRatio = 0;
        QString stepWords;
        if (step) {
            QRect cell = steps->visualItemRect(step);
            cell.setLeft(steps->header()->sectionViewportPosition(2));
            cell.setWidth(steps->header()->sectionSize(2));
            stepRatio = probe.ratio(steps->viewport(), cell);
            stepWords = probe.describe(steps->viewport(), cell);
        }
        QApplication::setPalette(light);
        QVERIFY2(historyRatio >= ContrastProbe::MinimumTextRatio, qPrintable(historyWords));
        QVERIFY2(step, "no cancelled step shown");
        QVERIFY2(stepRatio >= ContrastProbe::MinimumTextRatio, qPrintable(stepWords));
    }

    void overviewShowsTheLastDrill()
    {
        console->window().showPage(PageRegistry::Overview);
        auto *overview = qobject_cast<OverviewPage *>(console->window().page(PageRegistry::Overview));
        QVERIFY(overview);
        overview->refresh();
        auto *badge = overview->findChild<StatusBadge *>(QStringLiteral("lastDrillBadge"));
        QVERIFY(badge);
        // The newest drill was cancelled: it proved nothing, so a warning to
        // act on, not the alarm of a failed drill (nothing is known broken),
        // and said once ("cancelled … was cancelled" read as two events).
        QTRY_VERIFY_WITH_TIMEOUT(badge->text().contains(DrillText::outcome(DrillReport::Outcome::Cancelled)), 10000);
        QCOMPARE(badge->status(), StatusColors::Status::Warning);
        QCOMPARE(badge->text().count(QStringLiteral("cancelled"), Qt::CaseInsensitive), 1);
        RestoreConsole::shot(&console->window(), QStringLiteral("drills-overview"));
    }
};

QTEST_MAIN(DrillsPageTest)
#include "DrillsPageTest.moc"
