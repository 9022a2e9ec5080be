// The console at 200 % (QT_SCALE_FACTOR=2, set by CTest for this test): the
// first start, the overview, a tampered chain and the backups page are
// drawn at twice the size without clipping what matters.
#include "console/app/PageRegistry.h"
#include "console/connection/GatewaySession.h"
#include "console/models/JsonArrayModel.h"
#include "console/pages/BackupsPage.h"
#include "console/pages/ChainVerificationPage.h"
#include "console/verification/ChainResultView.h"
#include "console/verification/ReceiptRowModel.h"
#include "console/widgets/MessagePanel.h"
#include "tests/gui/ConsoleHarness.h"
#include "tests/support/SqliteShell.h"

#include <QTableView>
#include <QtTest>

using namespace aegis;
using namespace aegis::console;
using namespace aegis::test;

class ScaledTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everythingAtTwiceTheSize()
    {
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<VerificationRunPtr>();
        QCOMPARE(qEnvironmentVariable("QT_SCALE_FACTOR"), QStringLiteral("2"));
        ConsoleHarness harness(QStringLiteral("scaled"));
        QString error;
        QVERIFY2(harness.startGateway(&error), qPrintable(error));
        QVERIFY(harness.seed(QStringLiteral("default"), 12));
        QCOMPARE(harness.gateway().adminClient().post(QStringLiteral("/v1/admin/backup"), QByteArrayLiteral("{}")).status, 200);
        QVERIFY2(harness.connectThroughFirstStart(&error), qPrintable(error));
        MainWindow &window = harness.window();
        QCOMPARE(window.devicePixelRatio(), 2.0);
        QTest::qWait(500);
        ConsoleHarness::screenshot(&window, QStringLiteral("overview"));

        window.showPage(PageRegistry::Backups);
        auto *backups = qobject_cast<BackupsPage *>(window.page(PageRegistry::Backups));
        QTRY_COMPARE_WITH_TIMEOUT(backups->catalog()->rowCount(), 1, 10000);
        ConsoleHarness::screenshot(&window, QStringLiteral("backups"));

        QVERIFY(SqliteShell::exec(harness.gateway().databasePath(),
            QStringLiteral("UPDATE receipts SET decision='allow' WHERE tenant_id='default' AND seq=3")));
        auto *page = qobject_cast<ChainVerificationPage *>(window.page(PageRegistry::Verification));
        QSignalSpy finished(page, &ChainVerificationPage::verificationFinished);
        window.showPage(PageRegistry::Verification);
        page->handleRequest({{QStringLiteral("source"), QStringLiteral("live")}, {QStringLiteral("start"), true}});
        QVERIFY(finished.wait(30000));
        ChainResultView *view = page->resultView();
        QCOMPARE(view->verdict()->status(), StatusColors::Status::Bad);
        // The highlighted row is in view at this size too.
        const int row = view->receiptModel()->failureRow();
        QVERIFY(row >= 0);
        QVERIFY(view->receiptTable()->viewport()->rect().intersects(
            view->receiptTable()->visualRect(view->receiptModel()->index(row, 0))));
        ConsoleHarness::screenshot(&window, QStringLiteral("chain-tampered"));
    }
};

QTEST_MAIN(ScaledTest)
#include "ScaledTest.moc"
