// How long the console's UI thread stalls while it verifies a large database
// (not a test: run it by hand, bench/run-ui-stall-bench.sh). The baseline,
// measured in the same run, is the same verification on a worker thread
// with nothing of the console involved, and the same 10 ms timer on the idle
// UI thread: what the machine and the work's load alone cost the timer. The
// ratio is the console's longest stall over the baseline's.
//
//   aegis-bench-ui-stall [runs=3] [receipts=40000]
#include "bench/ui-stall/StallMeter.h"
#include "common/receipts/DatabaseChainVerifier.h"
#include "console/app/PageRegistry.h"
#include "console/pages/ChainVerificationPage.h"
#include "tests/gui/ConsoleHarness.h"
#include "tests/support/ReceiptChainBuilder.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QtConcurrent>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace aegis;
using namespace aegis::bench;
using namespace aegis::console;
using namespace aegis::test;

namespace {

struct Measurement
{
    qint64 tookMs = 0;
    qint64 longestStallMs = 0;
};

Measurement throughTheConsole(ChainVerificationPage *page, const QString &database)
{
    page->setSource(ChainVerificationPage::Source::File);
    page->setFile(database);
    QSignalSpy finished(page, &ChainVerificationPage::verificationFinished);
    StallMeter meter;
    QElapsedTimer took;
    took.start();
    meter.start();
    page->verifyButton()->click();
    if (!finished.wait(600000))
        qFatal("the verification did not finish");
    // Showing the result and filling its table count too.
    QTest::qWait(200);
    meter.stop();
    return {took.elapsed(), meter.longestMs()};
}

Measurement onAWorker(const QString &database)
{
    StallMeter meter;
    QElapsedTimer took;
    took.start();
    meter.start();
    QFuture<bool> done = QtConcurrent::run([database] { return DatabaseChainVerifier().verifyFile(database).has_value(); });
    QFutureWatcher<bool> watcher;
    QSignalSpy finished(&watcher, &QFutureWatcher<bool>::finished);
    watcher.setFuture(done);
    if (!done.isFinished() && !finished.wait(600000))
        qFatal("the baseline verification did not finish");
    if (!done.result())
        qFatal("the baseline verification failed");
    QTest::qWait(200);
    meter.stop();
    return {took.elapsed(), meter.longestMs()};
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    const QStringList arguments = QCoreApplication::arguments();
    const int runs = arguments.size() > 1 ? arguments.at(1).toInt() : 3;
    const int receipts = arguments.size() > 2 ? arguments.at(2).toInt() : 40000;
    if (runs < 1 || receipts < 1) {
        std::fprintf(stderr, "usage: aegis-bench-ui-stall [runs=3] [receipts=40000]\n");
        return 64;
    }

    ConsoleHarness harness(QStringLiteral("ui-stall-bench"));
    const QString database = harness.scratch().filePath(QStringLiteral("large.db"));
    ReceiptChainBuilder builder(database);
    if (!builder.open() || !builder.addTenant(QStringLiteral("acme"))
        || !builder.addReceipts(QStringLiteral("acme"), receipts))
        qFatal("cannot build the database: %s", qPrintable(builder.errorString()));
    builder.close();
    harness.window().showPage(PageRegistry::Verification);
    auto *page = qobject_cast<ChainVerificationPage *>(harness.window().page(PageRegistry::Verification));
    if (!page || !QTest::qWaitForWindowExposed(&harness.window()))
        qFatal("the console did not show its verification page");

    std::printf("%d receipts, %d runs; longest gap between ticks of a 10 ms timer on the UI thread\n", receipts, runs);
    std::printf("%-5s %14s %14s %14s %14s %8s\n", "run", "console ms", "stall ms", "baseline ms", "stall ms", "ratio");
    std::vector<double> ratios;
    qint64 worst = 0;
    for (int run = 1; run <= runs; ++run) {
        const Measurement baseline = onAWorker(database);
        const Measurement console = throughTheConsole(page, database);
        const double ratio = double(console.longestStallMs) / double(std::max<qint64>(baseline.longestStallMs, 1));
        ratios.push_back(ratio);
        worst = std::max(worst, console.longestStallMs);
        std::printf("%-5d %14lld %14lld %14lld %14lld %8.2f\n", run, console.tookMs, console.longestStallMs,
                    baseline.tookMs, baseline.longestStallMs, ratio);
    }
    std::sort(ratios.begin(), ratios.end());
    std::printf("\nmedian ratio %.2f (target: at most 2); longest console stall %lld ms (target: at most 50 ms)\n",
                ratios[ratios.size() / 2], worst);
    return 0;
}
