// A long verification keeps the UI responsive: a timer on the UI thread
// never waits more than 50 ms while the console verifies a database of tens
// of thousands of receipts, shows the result and its table; and Cancel stops
// it without a verdict.
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

// Measures the longest gap between ticks of a 10 ms timer on the UI thread.
class StallMeter : public QObject
{
public:
    StallMeter()
    {
        m_timer.setInterval(10);
        m_timer.setTimerType(Qt::PreciseTimer);
        QObject::connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 gap = m_clock.restart();
            m_longest = qMax(m_longest, gap);
            ++m_ticks;
            m_sinceStart += gap;
            if (gap > 30 && m_describe)
                qInfo("UI stalled %lld ms at %lld ms (%s)", gap, m_sinceStart, qPrintable(m_describe()));
        });
    }
    // Says what the UI was doing, for the log of a long stall.
    void setDescription(std::function<QString()> describe) { m_describe = std::move(describe); }
    void start()
    {
        m_sinceStart = 0;
        m_longest = 0;
        m_ticks = 0;
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    qint64 longest() const { return m_longest; }
    int ticks() const { return m_ticks; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_longest = 0;
    qint64 m_sinceStart = 0;
    int m_ticks = 0;
    std::function<QString()> m_describe;
};

} // namespace

class ResponsivenessTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ConsoleHarness> harness;
    ChainVerificationPage *page = nullptr;
    QString database;

    // Verifies the large database once, with a 10 ms timer on the UI thread
    // running throughout; returns the longest gap between its ticks.
    qint64 measureOneVerification()
    {
        page->setSource(ChainVerificationPage::Source::File);
        page->setFile(database);
        QSignalSpy finished(page, &ChainVerificationPage::verificationFinished);
        StallMeter meter;
        meter.setDescription([this] {
            return QStringLiteral("running %1, progress shown %2, rows %3")
                .arg(page->isRunning())
                .arg(page->progressPanel()->isVisible())
                .arg(page->resultView()->receiptModel()->rowCount());
        });
        QElapsedTimer took;
        took.start();
        meter.start();
        page->verifyButton()->click();
        if (!finished.wait(600000)) {
            QTest::qFail("the verification did not finish", __FILE__, __LINE__);
            return -1;
        }
        // The result is shown, the table filled and scrolled: all of it counts.
        QTest::qWait(200);
        meter.stop();
        const VerificationRunPtr run = finished.first().first().value<VerificationRunPtr>();
        if (!run || !run->result || run->result->verdict() != ChainResult::Verdict::Intact
            || run->result->count() != Receipts + 50 || page->resultView()->receiptModel()->rowCount() == 0) {
            QTest::qFail("the large database did not verify as intact", __FILE__, __LINE__);
            return -1;
        }
        qInfo("verified %d receipts in %lld ms; longest UI stall %lld ms over %d ticks", Receipts + 50, took.elapsed(),
            meter.longest(), meter.ticks());
        if (took.elapsed() <= 300 || meter.ticks() <= 20) {
            QTest::qFail("the verification was too short to show anything", __FILE__, __LINE__);
            return -1;
        }
        return meter.longest();
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

    void longVerificationNeverStallsTheInterface()
    {
        // The build machine is shared: another process can take the CPU
        // from the UI thread for a moment. A stall the console causes comes
        // back on every run; one the machine causes does not. So a second
        // run is allowed, and both are logged.
        qint64 longest = 0;
        for (int attempt = 1; attempt <= 2; ++attempt) {
            longest = measureOneVerification();
            if (QTest::currentTestFailed() || longest <= 50)
                break;
            qInfo("attempt %d: the UI thread stalled %lld ms; once more", attempt, longest);
        }
        QVERIFY2(longest <= 50, qPrintable(QStringLiteral("the UI thread stalled %1 ms").arg(longest)));
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
