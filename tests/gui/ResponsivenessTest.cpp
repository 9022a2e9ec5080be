// A long verification keeps the UI responsive: the UI thread goes on
// handling events (a 10 ms timer keeps ticking) while the console verifies a
// database of tens of thousands of receipts, then shows the result and its
// table; and Cancel stops it without a verdict. How long the UI thread may
// stall is a number for a benchmark on a quiet machine, not for a test on a
// shared one: bench/run-ui-stall-bench.sh measures it.
#include "console/app/PageRegistry.h"
#include "console/pages/ChainVerificationPage.h"
#include "console/verification/ChainResultView.h"
#include "console/verification/ReceiptRowModel.h"
#include "console/widgets/MessagePanel.h"
#include "console/widgets/ProgressPanel.h"
#include "tests/gui/ConsoleHarness.h"
#include "tests/support/ReceiptChainBuilder.h"

#include <QElapsedTimer>
#include <QPushButton>
#include <QTimer>
#include <QtTest>

using namespace aegis;
using namespace aegis::console;
using namespace aegis::test;

namespace {

// Enough receipts that verifying them takes seconds here (more under the
// sanitizers), which is what the operator's "long verification" is.
constexpr int Receipts = 40000;

} // namespace

class ResponsivenessTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ConsoleHarness> harness;
    ChainVerificationPage *page = nullptr;
    QString database;

    // Verifies the large database once; returns how many ticks of a 10 ms
    // timer on the UI thread came while the verification was running.
    int ticksDuringOneVerification()
    {
        page->setSource(ChainVerificationPage::Source::File);
        page->setFile(database);
        QSignalSpy finished(page, &ChainVerificationPage::verificationFinished);
        int ticksWhileRunning = 0;
        QTimer ticker;
        ticker.setInterval(10);
        QObject::connect(&ticker, &QTimer::timeout, page, [this, &ticksWhileRunning] {
            if (page->isRunning())
                ++ticksWhileRunning;
        });
        QElapsedTimer took;
        took.start();
        ticker.start();
        page->verifyButton()->click();
        if (!finished.wait(600000)) {
            QTest::qFail("the verification did not finish", __FILE__, __LINE__);
            return -1;
        }
        ticker.stop();
        const VerificationRunPtr run = finished.first().first().value<VerificationRunPtr>();
        if (!run || !run->result || run->result->verdict() != ChainResult::Verdict::Intact
            || run->result->count() != Receipts + 50 || page->resultView()->receiptModel()->rowCount() == 0) {
            QTest::qFail("the large database did not verify as intact", __FILE__, __LINE__);
            return -1;
        }
        qInfo("verified %d receipts in %lld ms; the UI thread handled %d timer ticks meanwhile", Receipts + 50,
              took.elapsed(), ticksWhileRunning);
        if (took.elapsed() <= 300) {
            QTest::qFail("the verification was too short to show anything", __FILE__, __LINE__);
            return -1;
        }
        return ticksWhileRunning;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<VerificationRunPtr>();
        harness = std::make_unique<ConsoleHarness>(QStringLiteral("responsive"));
        database = harness->scratch().filePath(QStringLiteral("large.db"));
        ReceiptChainBuilder builder(database);
        QVERIFY2(builder.open(), qPrintable(builder.errorString()));
        QVERIFY(builder.addTenant(QStringLiteral("acme")));
        QVERIFY2(builder.addReceipts(QStringLiteral("acme"), Receipts), qPrintable(builder.errorString()));
        QVERIFY(builder.addReceipts(QStringLiteral("default"), 50));
        builder.close();
        harness->window().showPage(PageRegistry::Verification);
        page = qobject_cast<ChainVerificationPage *>(harness->window().page(PageRegistry::Verification));
        QVERIFY(page);
        QVERIFY(QTest::qWaitForWindowExposed(&harness->window()));
    }

    void cleanupTestCase()
    {
        harness.reset();
    }

    void longVerificationKeepsTheInterfaceAnswering()
    {
        // A verification on the UI thread would let no tick through until
        // it ended; one on a worker lets them all through. Ten is far from
        // both, so a loaded machine does not decide the outcome.
        const int ticks = ticksDuringOneVerification();
        if (QTest::currentTestFailed())
            return;
        QVERIFY2(ticks >= 10, qPrintable(QStringLiteral("the UI thread handled only %1 timer ticks during the verification").arg(ticks)));
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("chain-file-large-intact"));
    }

    void cancelStopsWithoutAVerdict()
    {
        page->setSource(ChainVerificationPage::Source::File);
        page->setFile(database);
        QSignalSpy finished(page, &ChainVerificationPage::verificationFinished);
        page->verifyButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(page->progressPanel()->isVisible(), 5000);
        QTest::qWait(250);
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("chain-verification-progress"));
        auto *cancel = page->progressPanel()->findChild<QPushButton *>();
        QVERIFY(cancel && cancel->isEnabled());
        cancel->click();
        QVERIFY(finished.wait(30000));
        const VerificationRunPtr run = finished.first().first().value<VerificationRunPtr>();
        QVERIFY(run);
        QVERIFY(!run->result);
        QVERIFY(run->error.contains(QStringLiteral("Cancelled")));
        QCOMPARE(page->resultView()->verdict()->status(), StatusColors::Status::Bad);
        QVERIFY(!page->progressPanel()->isVisible());
        QVERIFY(page->verifyButton()->isEnabled());
    }
};

QTEST_MAIN(ResponsivenessTest)
#include "ResponsivenessTest.moc"
