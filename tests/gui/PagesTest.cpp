// Every page against a gateway with data, as an operator walks through them:
// the overview, decisions newest first with filters and paging, a
// decision's detail with its receipt checked, agents, backups, chain
// verification, the places held for restore and drills; keyboard navigation;
// a screenshot of each page at 1024×700 and 1600×1000 in the light and in a
// dark palette, its text measured readable in each, and at 1024×700 every
// navigation label whole.
#include "console/app/PageRegistry.h"
#include "console/connection/ConnectDialog.h"
#include "console/connection/GatewaySession.h"
#include "console/models/JsonArrayModel.h"
#include "console/pages/ActivityPage.h"
#include "console/pages/AgentsPage.h"
#include "console/pages/BackupsPage.h"
#include "console/pages/ChainVerificationPage.h"
#include "console/pages/DecisionDetailView.h"
#include "console/pages/DecisionsPage.h"
#include "console/pages/OverviewPage.h"
#include "console/widgets/StatusBadge.h"
#include "tests/gui/ConsoleHarness.h"
#include "tests/gui/ContrastProbe.h"
#include "tests/support/GatewayApi.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QScrollBar>
#include <QStyleOptionViewItem>
#include <QTabWidget>
#include <QTableView>
#include <QtTest>

using namespace aegis;
using namespace aegis::console;
using namespace aegis::test;

class PagesTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ConsoleHarness> harness;
    ActivityPage *activity = nullptr;

    static void choose(QComboBox *combo, const QString &data)
    {
        const int index = combo->findData(data);
        QVERIFY2(index >= 0, qPrintable(data));
        combo->setCurrentIndex(index);
        Q_EMIT combo->activated(index);
    }

    // Every label and the first rows of every table on `page`, as drawn,
    // read at WCAG AA contrast: a colour a page hard-codes for one palette
    // fails in the other.
    void verifyReadable(QWidget *page, const QString &where)
    {
        const ContrastProbe probe(&harness->window());
        int measured = 0;
        const auto verify = [&](const QWidget *widget, const QRect &rect) {
            ++measured;
            QVERIFY2(probe.ratio(widget, rect) >= ContrastProbe::MinimumTextRatio,
                     qPrintable(where + QStringLiteral(": ") + probe.describe(widget, rect)));
        };
        for (const QLabel *label : page->findChildren<QLabel *>()) {
            // Disabled text may be dimmer (WCAG exempts it); a picture has no text.
            if (!label->isVisible() || !label->isEnabled() || label->text().trimmed().isEmpty())
                continue;
            // Only what is wholly in view: a sliver of a clipped label has no glyph to measure.
            if (label->visibleRegion().boundingRect() == label->rect())
                verify(label, label->rect());
            if (QTest::currentTestFailed())
                return;
        }
        for (const QTableView *table : page->findChildren<QTableView *>()) {
            if (!table->isVisible() || !table->model())
                continue;
            const QAbstractItemModel *model = table->model();
            for (int row = 0; row < qMin(model->rowCount(), 5); ++row) {
                for (int column = 0; column < model->columnCount(); ++column) {
                    const QModelIndex index = model->index(row, column);
                    // A selection is drawn in the palette's highlight colours,
                    // which the desktop chooses, not the page.
                    if (table->isColumnHidden(column) || index.data().toString().trimmed().isEmpty()
                        || table->selectionModel()->isSelected(index))
                        continue;
                    const QRect cell = table->visualRect(index);
                    if (table->viewport()->rect().contains(cell))
                        verify(table->viewport(), cell);
                    if (QTest::currentTestFailed())
                        return;
                }
            }
        }
        QVERIFY2(measured > 0, qPrintable(where + QStringLiteral(": no text found to measure")));
    }

    // Every label of the navigation whole, as the list draws it: the text
    // no wider than the room its item gives it, the item inside the list,
    // and nothing to scroll sideways.
    void verifyNavigationWhole(const QString &where)
    {
        auto *navigation = harness->window().findChild<QListWidget *>(QStringLiteral("navigation"));
        QVERIFY(navigation);
        QVERIFY2(!navigation->horizontalScrollBar()->isVisible() && navigation->horizontalScrollBar()->maximum() == 0,
            qPrintable(where + QStringLiteral(": the navigation scrolls sideways")));
        const int textMargin = navigation->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, navigation) + 1;
        for (int row = 0; row < navigation->count(); ++row) {
            const QListWidgetItem *item = navigation->item(row);
            QStyleOptionViewItem option;
            option.initFrom(navigation->viewport());
            option.rect = navigation->visualItemRect(item);
            option.text = item->text();
            option.icon = item->icon();
            option.features = QStyleOptionViewItem::HasDisplay | QStyleOptionViewItem::HasDecoration;
            option.decorationSize = navigation->iconSize();
            option.decorationPosition = QStyleOptionViewItem::Left;
            option.displayAlignment = Qt::AlignLeft | Qt::AlignVCenter;
            const QRect textRect = navigation->style()->subElementRect(QStyle::SE_ItemViewItemText, &option, navigation);
            const int needed = navigation->fontMetrics().horizontalAdvance(item->text());
            const int available = textRect.width() - 2 * textMargin;
            QVERIFY2(needed <= available, qPrintable(QStringLiteral("%1: \"%2\" needs %3 px, has %4")
                                                          .arg(where, item->text())
                                                          .arg(needed)
                                                          .arg(available)));
            QVERIFY2(option.rect.right() <= navigation->viewport()->rect().right(),
                qPrintable(QStringLiteral("%1: \"%2\" reaches past the list").arg(where, item->text())));
        }
    }

    // Every page at every window size: a screenshot, its text measured
    // readable, the window really that size (a page that needs more room
    // would make it larger) and, at the smallest, the navigation whole.
    void screenshotAndCheckEveryPage(const QString &prefix)
    {
        MainWindow &window = harness->window();
        for (const QSize &size : ConsoleHarness::windowSizes()) {
            window.resize(size);
            QCoreApplication::processEvents();
            const QString suffix = QStringLiteral("-%1x%2").arg(size.width()).arg(size.height());
            for (const PageRegistry::Entry &entry : PageRegistry::pages()) {
                window.showPage(entry.id);
                QVERIFY(QTest::qWaitForWindowExposed(&window));
                QCoreApplication::processEvents();
                ConsoleHarness::screenshot(&window, prefix + entry.id + suffix);
                QVERIFY2(window.size() == size, qPrintable(QStringLiteral("%1: the window is %2x%3")
                                                               .arg(prefix + entry.id + suffix)
                                                               .arg(window.width())
                                                               .arg(window.height())));
                verifyReadable(window.page(entry.id), prefix + entry.id + suffix);
                if (QTest::currentTestFailed())
                    return;
                if (size == ConsoleHarness::windowSizes().first())
                    verifyNavigationWhole(prefix + entry.id + suffix);
                if (QTest::currentTestFailed())
                    return;
            }
            // The tabs and dialogs that are not pages of their own.
            window.showPage(PageRegistry::Activity);
            auto *tabs = activity->findChild<QTabWidget *>();
            tabs->setCurrentIndex(1);
            QCoreApplication::processEvents();
            ConsoleHarness::screenshot(&window, prefix + QStringLiteral("activity-agents") + suffix);
            verifyReadable(activity, prefix + QStringLiteral("activity-agents") + suffix);
            tabs->setCurrentIndex(0);
            if (QTest::currentTestFailed())
                return;
        }
        ConnectDialog *dialog = window.openConnectDialog(false);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        ConsoleHarness::screenshot(dialog, prefix + QStringLiteral("connect-dialog"));
        dialog->reject();
        window.resize(1280, 820);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        harness = std::make_unique<ConsoleHarness>(QStringLiteral("pages"));
        QString error;
        QVERIFY2(harness->startGateway(&error), qPrintable(error));
        QVERIFY(harness->seed(QStringLiteral("default"), 55));
        QVERIFY(harness->seed(QStringLiteral("acme"), 4));
        QCOMPARE(harness->gateway().adminClient().post(QStringLiteral("/v1/admin/backup"), QByteArrayLiteral("{}")).status, 200);
        QVERIFY2(harness->connectThroughFirstStart(&error), qPrintable(error));
        activity = qobject_cast<ActivityPage *>(harness->window().page(PageRegistry::Activity));
        QVERIFY(activity);
    }

    void cleanupTestCase()
    {
        harness.reset();
    }

    void overviewShowsEverything()
    {
        QWidget *overview = harness->window().page(PageRegistry::Overview);
        QTRY_COMPARE_WITH_TIMEOUT(overview->findChild<QLabel *>(QStringLiteral("decisionsValue"))->text(), QStringLiteral("59"), 10000);
        QCOMPARE(overview->findChild<QLabel *>(QStringLiteral("tenantsValue"))->text(), QStringLiteral("2"));
        QCOMPARE(overview->findChild<QLabel *>(QStringLiteral("agentsValue"))->text(), QStringLiteral("2"));
        QCOMPARE(overview->findChild<StatusBadge *>(QStringLiteral("backupAgeBadge"))->status(), StatusColors::Status::Good);
        QVERIFY(overview->findChild<QLabel *>(QStringLiteral("versionValue"))->text().startsWith(QStringLiteral("0.")));
        QCOMPARE(overview->findChild<QLabel *>(QStringLiteral("checkMigrations"))->text(), QStringLiteral("✔ current"));
        // Local time with its zone and a relative age in words ("just now",
        // never "just now ago"); the same moment in UTC in the tooltip.
        const QLabel *newest = overview->findChild<QLabel *>(QStringLiteral("newestDecisionValue"));
        static const QRegularExpression shown(QStringLiteral(R"(^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ \((just now|\d+ min ago)\)$)"));
        QVERIFY2(shown.match(newest->text()).hasMatch(), qPrintable(newest->text()));
        QVERIFY2(newest->toolTip().endsWith(QLatin1Char('Z')), qPrintable(newest->toolTip()));
    }

    void decisionsNewestFirstWithPaging()
    {
        QSignalSpy loaded(activity->decisionsPage(), &DecisionsPage::decisionsLoaded);
        harness->window().showPage(PageRegistry::Activity);
        QVERIFY(loaded.wait(10000));
        JsonArrayModel *rows = activity->decisionsPage()->decisions();
        QCOMPARE(rows->rowCount(), 50);
        QVERIFY(rows->row(0).value(QStringLiteral("created_at")).toString()
            >= rows->row(1).value(QStringLiteral("created_at")).toString());
        QVERIFY(activity->decisionsPage()->pager().hasOlder());
        QPushButton *older = nullptr;
        QPushButton *newer = nullptr;
        for (QPushButton *button : activity->findChildren<QPushButton *>()) {
            if (button->text().contains(QStringLiteral("Older")))
                older = button;
            if (button->text().contains(QStringLiteral("Newer")))
                newer = button;
        }
        QVERIFY(older && newer);
        QVERIFY(older->isEnabled());
        QVERIFY(!newer->isEnabled());
        older->click();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(rows->rowCount(), 9);
        QCOMPARE(activity->decisionsPage()->pager().pageNumber(), 2);
        QVERIFY(!older->isEnabled());
        QVERIFY(newer->isEnabled());
        newer->click();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(rows->rowCount(), 50);
    }

    void decisionFilters()
    {
        JsonArrayModel *rows = activity->decisionsPage()->decisions();
        QSignalSpy loaded(activity->decisionsPage(), &DecisionsPage::decisionsLoaded);
        choose(activity->findChild<QComboBox *>(QStringLiteral("decisionFilter")), QStringLiteral("require_approval"));
        QVERIFY(loaded.wait(10000));
        QCOMPARE(rows->rowCount(), 19); // seq 3, 6, … of 55 and of 4
        for (int i = 0; i < rows->rowCount(); ++i)
            QCOMPARE(rows->row(i).value(QStringLiteral("decision")).toString(), QStringLiteral("require_approval"));
        choose(activity->findChild<QComboBox *>(QStringLiteral("decisionFilter")), QString());
        QVERIFY(loaded.wait(10000));
        QTRY_VERIFY(activity->findChild<QComboBox *>(QStringLiteral("tenantFilter"))->findData(QStringLiteral("acme")) >= 0);
        choose(activity->findChild<QComboBox *>(QStringLiteral("tenantFilter")), QStringLiteral("acme"));
        QVERIFY(loaded.wait(10000));
        QCOMPARE(rows->rowCount(), 4);
        // The agent filter lists that tenant's agents only.
        auto *agent = activity->findChild<QComboBox *>(QStringLiteral("agentFilter"));
        QCOMPARE(agent->count(), 2);
        choose(agent, agent->itemData(1).toString());
        QVERIFY(loaded.wait(10000));
        QCOMPARE(rows->rowCount(), 4);
        choose(activity->findChild<QComboBox *>(QStringLiteral("tenantFilter")), QString());
        QVERIFY(loaded.wait(10000));
    }

    void decisionDetailWithItsReceipt()
    {
        QTableView *table = activity->decisionsPage()->decisionTable();
        QSignalSpy receipt(activity->decisionsPage()->detail(), &DecisionDetailView::receiptLoaded);
        table->selectRow(0);
        QVERIFY(receipt.wait(10000));
        QCOMPARE(activity->decisionsPage()->detail()->receiptCheck()->status(), StatusColors::Status::Good);
        QVERIFY(activity->decisionsPage()->detail()->findChild<QLabel *>(QStringLiteral("receiptSeq"))->text().toInt() > 0);
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("page-agents-decisions"));
    }

    void agents()
    {
        auto *tabs = activity->findChild<QTabWidget *>();
        tabs->setCurrentIndex(1);
        QTRY_COMPARE_WITH_TIMEOUT(activity->agentsPage()->agents()->rowCount(), 2, 10000);
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("page-agents"));
        tabs->setCurrentIndex(0);
    }

    void keyboardNavigation()
    {
        MainWindow &window = harness->window();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_4, Qt::ControlModifier);
        QCOMPARE(window.currentPageId(), PageRegistry::Backups);
        auto *backups = qobject_cast<BackupsPage *>(window.page(PageRegistry::Backups));
        QTRY_VERIFY_WITH_TIMEOUT(backups->catalog()->rowCount() == 1, 10000);
        QSignalSpy reloaded(backups, &BackupsPage::catalogLoaded);
        QTest::keyClick(&window, Qt::Key_F5);
        QVERIFY(reloaded.wait(10000));
        QTest::keyClick(&window, Qt::Key_1, Qt::ControlModifier);
        QCOMPARE(window.currentPageId(), PageRegistry::Overview);
        QTest::keyClick(&window, Qt::Key_6, Qt::ControlModifier);
        QCOMPARE(window.currentPageId(), PageRegistry::Restore);
    }

    void everyPageLightAndDark()
    {
        auto *verification = qobject_cast<ChainVerificationPage *>(harness->window().page(PageRegistry::Verification));
        QSignalSpy verified(verification, &ChainVerificationPage::verificationFinished);
        harness->window().showPage(PageRegistry::Verification);
        verification->handleRequest({{QStringLiteral("source"), QStringLiteral("live")}, {QStringLiteral("start"), true}});
        QVERIFY(verified.wait(30000));
        auto *backups = qobject_cast<BackupsPage *>(harness->window().page(PageRegistry::Backups));
        backups->table()->selectRow(0);
        screenshotAndCheckEveryPage(QStringLiteral("page-"));
        if (QTest::currentTestFailed())
            return;
        const QPalette light = QApplication::palette();
        QApplication::setPalette(ConsoleHarness::darkPalette());
        auto *overview = qobject_cast<OverviewPage *>(harness->window().page(PageRegistry::Overview));
        QSignalSpy refreshed(overview, &OverviewPage::refreshed);
        overview->refresh();
        QVERIFY(refreshed.wait(10000));
        screenshotAndCheckEveryPage(QStringLiteral("dark-page-"));
        QApplication::setPalette(light);
    }
};

QTEST_MAIN(PagesTest)
#include "PagesTest.moc"
