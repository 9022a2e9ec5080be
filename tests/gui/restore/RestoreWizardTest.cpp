// The restore wizard, driven offscreen through a whole restore with the
// real gateway, managed by the console: evidence, a backup through the
// gateway, newer evidence; the backup chosen from the catalog (downloaded,
// digest checked, its manifest written from the catalog entry, because the
// profile names no backup directory); the checks, the plan with what will
// be lost, the typed confirmation, every step live, the verification and
// the report. Afterwards the gateway serves exactly the backup's data and
// the report files exist. A screenshot of every page.
#include "common/restore/RestoreFileNames.h"
#include "console/connection/GatewaySession.h"
#include "console/models/JsonArrayModel.h"
#include "console/restore/ChooseBackupPage.h"
#include "console/restore/ConfirmPage.h"
#include "console/restore/PlanPage.h"
#include "console/restore/PreflightPage.h"
#include "console/restore/ProgressPage.h"
#include "console/restore/RestorePage.h"
#include "console/restore/RestoreRun.h"
#include "console/restore/RestoreStepModel.h"
#include "console/restore/ResultPage.h"
#include "console/widgets/MessagePanel.h"
#include "tests/gui/ConsoleHarness.h"
#include "tests/gui/ContrastProbe.h"
#include "tests/gui/restore/RestoreConsole.h"
#include "tests/support/PdfText.h"

#include <QApplication>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QtTest>

using namespace aegis;
using namespace aegis::console;
using namespace aegis::test;

class RestoreWizardTest : public QObject
{
    Q_OBJECT

    static void verifyReasonsWhole(const QTableView *table)
    {
        QVERIFY(table);
        const int why = table->model()->columnCount() - 1;
        const QFontMetrics metrics(table->font());
        const int margin = table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, table) + 1;
        const int width = table->columnWidth(why) - 2 * margin;
        QVERIFY2(width >= metrics.averageCharWidth() * 20, qPrintable(QString::number(width)));
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            const QString text = table->model()->index(row, why).data().toString();
            const int needed = metrics.boundingRect(QRect(0, 0, width, 100000), Qt::TextWordWrap, text).height();
            QVERIFY2(needed <= table->rowHeight(row),
                qPrintable(QStringLiteral("\"%1\" needs %2 px, its row is %3").arg(text).arg(needed).arg(table->rowHeight(row))));
        }
    }

    // The From and To columns (1 and 2) wide enough for every name on one line.
    static void verifyNamesWhole(const QTableView *table)
    {
        QVERIFY(table);
        const QFontMetrics metrics(table->font());
        const int margin = table->style()->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, table) + 1;
        for (int column : {1, 2}) {
            for (int row = 0; row < table->model()->rowCount(); ++row) {
                const QString name = table->model()->index(row, column).data().toString();
                QVERIFY2(metrics.horizontalAdvance(name) + 2 * margin <= table->columnWidth(column),
                    qPrintable(QStringLiteral("\"%1\" needs %2 px, its column is %3")
                                   .arg(name)
                                   .arg(metrics.horizontalAdvance(name) + 2 * margin)
                                   .arg(table->columnWidth(column))));
            }
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
    }

    void restoresThroughTheWizard()
    {
        RestoreConsole console(QStringLiteral("wizard-full"));
        QString error;
        QVERIFY2(console.prepare(&error), qPrintable(error));
        QVERIFY2(console.connect(console.profile(false), &error), qPrintable(error));
        const QString liveBefore = RestoreScenario::sha256Of(console.scenario().database());

        console.window().showPage(QStringLiteral("restore"));
        QTRY_VERIFY_WITH_TIMEOUT(console.page()->startButton()->isEnabled(), 10000);
        RestoreConsole::shot(&console.window(), QStringLiteral("page"));
        RestoreWizard *wizard = console.openWizard(&error);
        QVERIFY2(wizard, qPrintable(error));

        // 1. The catalog, read through the gateway.
        ChooseBackupPage *choose = wizard->choosePage();
        QTRY_VERIFY_WITH_TIMEOUT(choose->catalog()->rowCount() == 1, 15000);
        QVERIFY(choose->selectBackup(QStringLiteral("before-upgrade.db")));
        QVERIFY(!choose->targetProblem()->isVisible());
        RestoreConsole::shot(wizard, QStringLiteral("1-choose"));

        // 2. The checks: downloaded first (no backup directory in the profile).
        QVERIFY2(RestoreConsole::next(wizard, RestoreWizard::PreflightPageId, &error), qPrintable(error));
        PreflightPage *checks = wizard->preflightPage();
        QTRY_VERIFY_WITH_TIMEOUT(checks->hasResult(), 120000);
        QVERIFY2(checks->result().passed(), qPrintable(checks->verdict()->text() + QLatin1Char('\n') + checks->verdict()->detail()));
        QVERIFY(wizard->state().local.downloaded);
        QVERIFY(QFile::exists(wizard->state().local.manifestPath));
        QVERIFY2(checks->sourceNote()->text().contains(QStringLiteral("Downloaded")), qPrintable(checks->sourceNote()->text()));
        QVERIFY(checks->result().check(QStringLiteral("sha256"))->status == PreflightCheck::Status::Passed);
        QVERIFY(checks->result().check(QStringLiteral("chains"))->status == PreflightCheck::Status::Passed);
        RestoreConsole::shot(wizard, QStringLiteral("2-preflight"));

        // 3. The plan says what will be lost: the newer decisions and receipts.
        QVERIFY2(RestoreConsole::next(wizard, RestoreWizard::PlanPageId, &error), qPrintable(error));
        const qint64 lostReceipts = console.newer().receipts - console.atBackup().receipts;
        const qint64 lostDecisions = console.newer().decisions - console.atBackup().decisions;
        QCOMPARE(wizard->state().preflight.plan.loss.receipts, lostReceipts);
        QCOMPARE(wizard->state().preflight.plan.loss.decisions, lostDecisions);
        // What stops being served leads, then one line per tenant that loses something.
        const QString loss = wizard->planPage()->loss()->text();
        QVERIFY2(loss.startsWith(QStringLiteral("After the restore the gateway will no longer serve %1 decision").arg(lostDecisions)),
            qPrintable(loss));
        for (const TenantLoss &tenant : wizard->state().preflight.plan.loss.losing())
            QVERIFY2(loss.contains(QStringLiteral("• %1: %2 decision").arg(tenant.tenant).arg(tenant.decisions)), qPrintable(loss));
        QVERIFY(wizard->planPage()->files()->rowCount() >= 4);
        RestoreConsole::shot(wizard, QStringLiteral("3-plan"));
        // At the smallest window every reason is whole: wrapped in its row,
        // never cut to fragments.
        wizard->resize(1024, 700);
        QCoreApplication::processEvents();
        verifyReasonsWhole(wizard->planPage()->findChild<QTableView *>(QStringLiteral("plannedFiles")));
        // A large window shows every name whole (they were cut in the middle
        // at any size, beside a reasons column with room to spare).
        wizard->resize(1600, 1000);
        QCoreApplication::processEvents();
        verifyNamesWhole(wizard->planPage()->findChild<QTableView *>(QStringLiteral("plannedFiles")));
        wizard->resize(1024, 700);
        QCoreApplication::processEvents();

        // 4. The confirmation: Restore now stays disabled until it matches.
        QVERIFY2(RestoreConsole::next(wizard, RestoreWizard::ConfirmPageId, &error), qPrintable(error));
        ConfirmPage *confirm = wizard->confirmPage();
        QCOMPARE(confirm->expectedPhrase(), QStringLiteral("aegisagent.db"));
        QAbstractButton *commit = wizard->button(QWizard::CommitButton);
        QVERIFY(!commit->isEnabled());
        QTest::keyClicks(confirm->phraseEdit(), QStringLiteral("yes"));
        QVERIFY(!commit->isEnabled());
        confirm->phraseEdit()->clear();
        QTest::keyClicks(confirm->phraseEdit(), QStringLiteral("aegisagent.db"));
        QVERIFY(commit->isEnabled());
        RestoreConsole::shot(wizard, QStringLiteral("4-confirm"));
        QCOMPARE(RestoreScenario::sha256Of(console.scenario().database()), liveBefore);

        // 5. Every step, live, never blocking the window.
        QVERIFY2(RestoreConsole::next(wizard, RestoreWizard::ProgressPageId, &error), qPrintable(error));
        ProgressPage *progress = wizard->progressPage();
        RestoreStepModel *steps = progress->steps();
        QVERIFY(!wizard->button(QWizard::BackButton)->isVisible() || !wizard->button(QWizard::BackButton)->isEnabled());
        bool sawRunning = false;
        QElapsedTimer longest;
        qint64 worstGapMs = 0;
        longest.start();
        QVERIFY(QTest::qWaitFor([&] {
            // The UI thread keeps turning: measured between two looks.
            worstGapMs = std::max(worstGapMs, longest.restart());
            if (!sawRunning && steps->state(RestoreStep::WaitReady) == RestoreStepModel::State::Running) {
                sawRunning = true;
                RestoreConsole::shot(wizard, QStringLiteral("5-progress-running"));
            }
            return progress->hasEnded();
        }, 240000));
        QVERIFY2(worstGapMs < 1000, qPrintable(QString::number(worstGapMs)));
        const RestoreReport report = wizard->state().report;
        QVERIFY2(report.outcome == RestoreReport::Outcome::Verified, qPrintable(report.toText()));
        for (RestoreStep step : {RestoreStep::Preflight, RestoreStep::Stop, RestoreStep::MoveAside, RestoreStep::Copy, RestoreStep::Start,
                 RestoreStep::WaitReady, RestoreStep::SpotCheck, RestoreStep::VerifyChain}) {
            QVERIFY2(steps->state(step) == RestoreStepModel::State::Done, qPrintable(RestoreSteps::id(step)));
            QVERIFY(steps->durationMs(step) >= 0);
        }
        QCOMPARE(steps->state(RestoreStep::Finish), RestoreStepModel::State::Pending);
        QVERIFY(progress->verdict()->text().contains(QStringLiteral("Restored and verified")));
        // Verified: nothing may leave it unfinished, so there is no Cancel.
        QVERIFY(!wizard->button(QWizard::CancelButton)->isVisible());
        RestoreConsole::shot(wizard, QStringLiteral("5-progress-done"));

        // 6. The proof: chains verified against the manifest heads, counts.
        QVERIFY2(RestoreConsole::next(wizard, RestoreWizard::ResultPageId, &error), qPrintable(error));
        ResultPage *result = wizard->resultPage();
        QVERIFY(result->verdict()->text().contains(QStringLiteral("Restored and verified")));
        QCOMPARE(result->chains()->rowCount(), int(console.atBackup().chains.size()));
        for (int row = 0; row < result->chains()->rowCount(); ++row) {
            QCOMPARE(result->chains()->data(result->chains()->index(row, 1)).toString(), QStringLiteral("✔ verified"));
            QCOMPARE(report.verification.chains.at(row).verdict, ServedChain::Verdict::MatchesHead);
        }
        QCOMPARE(result->counts()->rowCount(), 3);
        // The only button: Finish, with the .bad files' choice above it.
        QAbstractButton *finish = wizard->button(QWizard::FinishButton);
        QVERIFY(finish->isVisible() && finish->isEnabled());
        QCOMPARE(finish->text(), QStringLiteral("&Finish the restore"));
        for (QWizard::WizardButton other : {QWizard::CancelButton, QWizard::BackButton, QWizard::NextButton})
            QVERIFY(!wizard->button(other)->isVisible());
        RestoreConsole::shot(wizard, QStringLiteral("6-result-before-finish"));
        // The served counts stay readable when the theme changes while the
        // page shows (their colour was once fixed at the light palette's green).
        {
            const QPalette light = QApplication::palette();
            QApplication::setPalette(ConsoleHarness::darkPalette());
            QCoreApplication::processEvents();
            auto *counts = result->findChild<QLabel *>(QStringLiteral("servedCounts"));
            QVERIFY(counts && counts->isVisible());
            const ContrastProbe probe(wizard);
            const double ratio = probe.ratio(counts, counts->rect());
            const QString words = probe.describe(counts, counts->rect());
            QApplication::setPalette(light);
            QCoreApplication::processEvents();
            QVERIFY2(ratio >= ContrastProbe::MinimumTextRatio, qPrintable(words));
        }

        // The .bad files: kept (the default), the report written, the journal closed.
        QSignalSpy finished(result, &ResultPage::finished);
        result->finishButton()->click();
        QVERIFY(finished.wait(60000));
        QVERIFY(wizard->isVisible());
        QVERIFY(finish->isEnabled());
        QCOMPARE(finish->text(), QStringLiteral("&Close"));
        QVERIFY(result->dispositionLabel()->text().contains(QStringLiteral("kept")));
        const QString reportJson = wizard->run()->reportPath();
        QVERIFY2(QFile::exists(reportJson), qPrintable(reportJson));
        QVERIFY(QFile::exists(reportJson.chopped(5) + QStringLiteral(".txt")));
        QVERIFY(result->reportLabel()->text().contains(reportJson));
        QVERIFY(!QFile::exists(RestoreFileNames::journal(console.scenario().database())));
        RestoreConsole::shot(wizard, QStringLiteral("6-result"));

        // Saved as JSON, text and PDF where the operator wants.
        const QString out = console.harness().scratch().filePath(QStringLiteral("saved"));
        QDir().mkpath(out);
        for (const auto &[format, name] : {std::pair{RestoreReportWriter::Format::Json, QStringLiteral("r.json")},
                 std::pair{RestoreReportWriter::Format::Text, QStringLiteral("r.txt")},
                 std::pair{RestoreReportWriter::Format::Pdf, QStringLiteral("r.pdf")}}) {
            QSignalSpy saved(result, &ResultPage::saved);
            result->saveReport(format, QDir(out).filePath(name));
            QVERIFY(saved.wait(30000));
            QVERIFY2(saved.first().first().toBool(), qPrintable(name));
            QVERIFY(QFileInfo(QDir(out).filePath(name)).size() > 100);
        }
        QFile savedJson(QDir(out).filePath(QStringLiteral("r.json")));
        QVERIFY(savedJson.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(savedJson.readAll()).object();
        QCOMPARE(json.value(QStringLiteral("outcome")).toString(), QStringLiteral("verified"));
        QVERIFY(json.value(QStringLiteral("bad_files")).toString().contains(QStringLiteral("kept")));
        // QFile::copy never overwrites: the old artifact would stay.
        QFile::remove(QDir(artifactDir(QStringLiteral("console"))).filePath(QStringLiteral("restore-report.pdf")));
        QFile::copy(QDir(out).filePath(QStringLiteral("r.pdf")), QDir(artifactDir(QStringLiteral("console"))).filePath(QStringLiteral("restore-report.pdf")));
        // The PDF as an auditor copies from it: the backup's digest and every
        // file's, whole (they sat in narrow columns, wrapped into pieces).
        const QString pdfText = PdfText::layout(QDir(out).filePath(QStringLiteral("r.pdf")));
        QVERIFY2(!pdfText.isEmpty(), "pdftotext is missing (scripts/install-deps.sh --test installs poppler-utils)");
        const QString backupSha = json.value(QStringLiteral("backup")).toObject().value(QStringLiteral("sha256")).toString();
        QVERIFY2(PdfText::containsHash(pdfText, backupSha), qPrintable(pdfText));
        for (const QJsonValue &file : json.value(QStringLiteral("files")).toArray()) {
            const QString sha = file.toObject().value(QStringLiteral("sha256")).toString();
            QVERIFY2(sha.isEmpty() || PdfText::containsHash(pdfText, sha), qPrintable(sha + QLatin1Char('\n') + pdfText));
        }
        // No secret in any of it.
        const QByteArray token = [&] {
            QFile file(console.scenario().tokenFile());
            file.open(QIODevice::ReadOnly);
            return file.readAll().trimmed();
        }();
        for (const QString &name : {QStringLiteral("r.json"), QStringLiteral("r.txt")}) {
            QFile file(QDir(out).filePath(name));
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains(token), qPrintable(name));
        }

        // The gateway (a new one, the console's) serves exactly the backup.
        const ServedState served = console.scenario().served();
        QVERIFY2(served == console.atBackup(), qPrintable(served.describe() + QStringLiteral(" vs ") + console.atBackup().describe()));
        const QStringList bad = QDir(console.scenario().dir() + QStringLiteral("/db")).entryList({QStringLiteral("aegisagent.db.bad-*")}, QDir::Files);
        QVERIFY2(!bad.isEmpty(), "the replaced database is kept");

        wizard->button(QWizard::FinishButton)->click();
        QTRY_VERIFY(!wizard->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(console.page()->lastResult()->text().contains(QStringLiteral("restored and verified")), 5000);
        RestoreConsole::shot(&console.window(), QStringLiteral("page-after"));
    }
};

QTEST_MAIN(RestoreWizardTest)
#include "RestoreWizardTest.moc"
