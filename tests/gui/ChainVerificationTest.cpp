// Chain verification against the real gateway: the live chain green; an
// edited receipt and a dropped one found at the right receipt, with the
// right kind in words, highlighted and centred in the table with its
// neighbours; an empty chain never green; a backup from the catalog; local
// files offline (a database with and without its manifest, JSON exports);
// the result exported as JSON and PDF.
#include "console/app/PageRegistry.h"
#include "console/connection/GatewaySession.h"
#include "console/pages/ChainVerificationPage.h"
#include "console/pages/OverviewPage.h"
#include "console/verification/ChainResultView.h"
#include "console/verification/ReceiptRowModel.h"
#include "console/verification/TenantResultModel.h"
#include "console/widgets/DigestLabel.h"
#include "console/widgets/MessagePanel.h"
#include "console/widgets/StatusBadge.h"
#include "common/crypto/Sha256.h"
#include "tests/gui/ConsoleHarness.h"
#include "tests/support/GatewayApi.h"
#include "tests/support/PdfText.h"
#include "tests/support/SqliteShell.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QScrollBar>
#include <QTableView>
#include <QtTest>

using namespace aegis;
using namespace aegis::console;
using namespace aegis::test;

class ChainVerificationTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ConsoleHarness> harness;
    ChainVerificationPage *page = nullptr;

    VerificationRunPtr verify(const QVariantMap &request)
    {
        QSignalSpy finished(page, &ChainVerificationPage::verificationFinished);
        QVariantMap start = request;
        start.insert(QStringLiteral("start"), true);
        harness->window().showPage(PageRegistry::Verification);
        page->handleRequest(start);
        if (!finished.wait(60000))
            return nullptr;
        return finished.first().first().value<VerificationRunPtr>();
    }

    VerificationRunPtr verifyLive(const QString &tenant = QString())
    {
        return verify({{QStringLiteral("source"), QStringLiteral("live")}, {QStringLiteral("tenant"), tenant}});
    }

    VerificationRunPtr verifyFile(const QString &path)
    {
        return verify({{QStringLiteral("source"), QStringLiteral("file")}, {QStringLiteral("path"), path}});
    }

    // The PDF's text as an auditor's tools read it (poppler's pdftotext,
    // columns kept side by side).
    static QString pdfText(const QString &pdf)
    {
        return PdfText::layout(pdf);
    }

    // The first failure's row: selected, centred in view, with the rows
    // before and after it shown.
    void checkFailureRow(qint64 index, ReceiptCheck::Status status)
    {
        ChainResultView *view = page->resultView();
        ReceiptRowModel *model = view->receiptModel();
        const int row = model->failureRow();
        QVERIFY(row >= 0);
        QCOMPARE(model->rowAt(row)->index, index);
        QCOMPARE(model->rowAt(row)->status, status);
        QCOMPARE(view->receiptTable()->currentIndex().row(), row);
        QVERIFY(model->data(model->index(row, 0), Qt::BackgroundRole).isValid());
        QVERIFY(!model->data(model->index(row - 1, 0), Qt::BackgroundRole).isValid());
        QVERIFY(model->rowAt(row - 1) && model->rowAt(row - 1)->index == index - 1);
        QVERIFY(model->rowAt(row + 1) && model->rowAt(row + 1)->index == index + 1);
        QTableView *table = view->receiptTable();
        const QRect viewport = table->viewport()->rect();
        for (int neighbour : {row - 1, row, row + 1})
            QVERIFY(viewport.intersects(table->visualRect(model->index(neighbour, 0))));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<VerificationRunPtr>();
        harness = std::make_unique<ConsoleHarness>(QStringLiteral("chain"));
        QString error;
        QVERIFY2(harness->startGateway(&error), qPrintable(error));
        QVERIFY(harness->seed(QStringLiteral("default"), 8));
        QVERIFY2(harness->connectThroughFirstStart(&error), qPrintable(error));
        page = qobject_cast<ChainVerificationPage *>(harness->window().page(PageRegistry::Verification));
        QVERIFY(page);
        harness->window().showPage(PageRegistry::Verification);
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("chain-verification-start"));
    }

    void cleanupTestCase()
    {
        harness.reset();
    }

    void liveChainIsGreen()
    {
        const VerificationRunPtr run = verifyLive();
        QVERIFY(run && run->result);
        QCOMPARE(run->result->verdict(), ChainResult::Verdict::Intact);
        QCOMPARE(run->result->count(), 8);
        ChainResultView *view = page->resultView();
        QCOMPARE(view->verdict()->status(), StatusColors::Status::Good);
        QVERIFY2(view->verdict()->text().contains(QStringLiteral("Chain intact")), qPrintable(view->verdict()->text()));
        QCOMPARE(view->receiptModel()->rowCount(), 8);
        QVERIFY(!view->failure()->isVisible());
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("chain-intact"));

        // The gateway recorded it: the overview says so.
        auto *overview = harness->window().page(PageRegistry::Overview);
        overview->refresh();
        auto *badge = overview->findChild<StatusBadge *>(QStringLiteral("verificationBadge"));
        QTRY_COMPARE_WITH_TIMEOUT(badge->status(), StatusColors::Status::Good, 10000);
    }

    void darkPaletteReads()
    {
        const QPalette light = QApplication::palette();
        QApplication::setPalette(ConsoleHarness::darkPalette());
        page->resultView()->showRun(page->resultView()->run());
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("chain-intact-dark"));
        // The status colour is the dark palette's, not the light one's.
        const QColor good = StatusColors::foreground(StatusColors::Status::Good, QApplication::palette());
        QVERIFY(good.lightness() > 128);
        QApplication::setPalette(light);
    }

    void emptyChainIsNeverGreen()
    {
        GatewayApi api(harness->gateway().adminClient());
        QVERIFY(api.createTenant(QStringLiteral("quiet")));
        page->refresh();
        const VerificationRunPtr run = verifyLive(QStringLiteral("quiet"));
        QVERIFY(run && run->result);
        QCOMPARE(run->result->verdict(), ChainResult::Verdict::Empty);
        ChainResultView *view = page->resultView();
        QCOMPARE(view->verdict()->status(), StatusColors::Status::Warning);
        QVERIFY(view->verdict()->text().contains(QStringLiteral("No receipts")));
        QVERIFY(!view->verdict()->text().contains(QStringLiteral("intact")));
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("chain-empty"));
    }

    void backupFromTheCatalog()
    {
        const auto taken = harness->gateway().adminClient().post(QStringLiteral("/v1/admin/backup"),
            QByteArrayLiteral("{\"filename\":\"clean.db\"}"));
        QCOMPARE(taken.status, 200);
        page->refresh();
        QSignalSpy loaded(page, &ChainVerificationPage::backupsLoaded);
        QVERIFY(loaded.wait(10000));
        const VerificationRunPtr run = verify({{QStringLiteral("source"), QStringLiteral("backup")},
            {QStringLiteral("backup"), QStringLiteral("clean.db")}});
        QVERIFY(run && run->result);
        QVERIFY2(run->error.isEmpty(), qPrintable(run->error));
        QCOMPARE(run->result->verdict(), ChainResult::Verdict::Intact);
        QVERIFY(run->backupCheck.value(QStringLiteral("restorable")).toBool());
        // The console's own check, with the table.
        QCOMPARE(page->resultView()->receiptModel()->rowCount(), 8);
        QVERIFY(run->notes.join(QLatin1Char(' ')).contains(QStringLiteral("matches the gateway's digest")));
        auto *restorable = page->resultView()->findChild<StatusBadge *>(QStringLiteral("restorableBadge"));
        QCOMPARE(restorable->status(), StatusColors::Status::Good);
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("chain-backup"));
    }

    void editedReceiptIsFoundWhereItIs()
    {
        // Seq 3 was require_approval (see ConsoleHarness::seed): the
        // gateway is not stopped, the row is edited under it.
        const QString db = harness->gateway().databasePath();
        QCOMPARE(SqliteShell::scalar(db, QStringLiteral("SELECT decision FROM receipts WHERE tenant_id='default' AND seq=3")).toString(),
            QStringLiteral("require_approval"));
        QString error;
        QVERIFY2(SqliteShell::exec(db, QStringLiteral("UPDATE receipts SET decision='allow' WHERE tenant_id='default' AND seq=3"),
                     &error),
            qPrintable(error));
        const VerificationRunPtr run = verifyLive();
        QVERIFY(run && run->result);
        QCOMPARE(run->result->verdict(), ChainResult::Verdict::Broken);
        const ChainResult::Tenant *failing = run->result->firstFailing();
        QVERIFY(failing);
        QCOMPARE(failing->id, QStringLiteral("default"));
        QCOMPARE(failing->failure->kind, ChainFailure::Kind::HashMismatch);
        QCOMPARE(failing->failure->index, 2);
        QCOMPARE(failing->failure->seq.value_or(-1), 3);

        ChainResultView *view = page->resultView();
        QCOMPARE(view->verdict()->status(), StatusColors::Status::Bad);
        QVERIFY2(view->verdict()->text().contains(QStringLiteral("edited receipt")), qPrintable(view->verdict()->text()));
        QVERIFY(view->verdict()->text().contains(QStringLiteral("seq 3")));
        QVERIFY(view->failure()->isVisible());
        QVERIFY2(view->failure()->text().startsWith(QStringLiteral("Edited receipt")), qPrintable(view->failure()->text()));
        QCOMPARE(view->currentTenant(), QStringLiteral("default"));
        checkFailureRow(2, ReceiptCheck::Status::Tampered);
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("chain-tampered"));

        // The same at a glance in the dark.
        const QPalette light = QApplication::palette();
        QApplication::setPalette(ConsoleHarness::darkPalette());
        view->showRun(view->run());
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("chain-tampered-dark"));
        QApplication::setPalette(light);
        view->showRun(view->run());

        // Exported for the auditor.
        QString why;
        const QString json = harness->scratch().filePath(QStringLiteral("tampered.json"));
        QVERIFY2(page->exportJson(json, &why), qPrintable(why));
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject exported = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(exported.value(QStringLiteral("verdict")).toString(), QStringLiteral("broken"));
        const QJsonObject failure = exported.value(QStringLiteral("result")).toObject().value(QStringLiteral("tenants"))
                                        .toObject().value(QStringLiteral("default")).toObject()
                                        .value(QStringLiteral("first_failure")).toObject();
        QCOMPARE(failure.value(QStringLiteral("kind")).toString(), QStringLiteral("hash_mismatch"));
        QCOMPARE(failure.value(QStringLiteral("seq")).toInt(), 3);
        QVERIFY(exported.value(QStringLiteral("explanation")).toString().contains(QStringLiteral("Edited receipt")));
        const QString pdf = harness->scratch().filePath(QStringLiteral("tampered.pdf"));
        QVERIFY2(page->exportPdf(pdf, &why), qPrintable(why));
        QFile pdfFile(pdf);
        QVERIFY(pdfFile.open(QIODevice::ReadOnly));
        QVERIFY(pdfFile.read(5) == "%PDF-");
        QVERIFY(pdfFile.size() > 2000);
        QFile::remove(QDir(artifactDir(QStringLiteral("console"))).filePath(QStringLiteral("chain-tampered-report.pdf")));
        QFile::copy(pdf, QDir(artifactDir(QStringLiteral("console"))).filePath(QStringLiteral("chain-tampered-report.pdf")));

        // The overview now shows the failed verification.
        auto *overview = harness->window().page(PageRegistry::Overview);
        overview->refresh();
        auto *badge = overview->findChild<StatusBadge *>(QStringLiteral("verificationBadge"));
        QTRY_COMPARE_WITH_TIMEOUT(badge->status(), StatusColors::Status::Bad, 10000);
        harness->window().showPage(PageRegistry::Overview);
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("overview-after-tamper"));
    }

    void droppedReceiptIsABrokenLink()
    {
        QVERIFY(harness->seed(QStringLiteral("acme"), 5));
        QVERIFY(SqliteShell::exec(harness->gateway().databasePath(),
            QStringLiteral("DELETE FROM receipts WHERE tenant_id='acme' AND seq=3")));
        page->refresh();
        const VerificationRunPtr run = verifyLive(QStringLiteral("acme"));
        QVERIFY(run && run->result);
        QCOMPARE(run->result->verdict(), ChainResult::Verdict::Broken);
        const ChainResult::Tenant *failing = run->result->firstFailing();
        QCOMPARE(failing->id, QStringLiteral("acme"));
        QCOMPARE(failing->failure->kind, ChainFailure::Kind::BrokenLink);
        QCOMPARE(failing->failure->index, 2);
        ChainResultView *view = page->resultView();
        QVERIFY2(view->failure()->text().startsWith(QStringLiteral("Dropped or reordered receipts")),
            qPrintable(view->failure()->text()));
        // Where, once: the seq and the tenant, and the seq that is gone.
        const QString where = QStringLiteral("seq 4 of tenant acme (seq 3 is missing)");
        QVERIFY2(view->verdict()->text().contains(where), qPrintable(view->verdict()->text()));
        QVERIFY2(view->failure()->text().contains(where), qPrintable(view->failure()->text()));
        QVERIFY2(!view->verdict()->text().contains(QStringLiteral("index")), qPrintable(view->verdict()->text()));
        QAbstractItemModel *tenants = view->tenantTable()->model();
        QVERIFY(tenants->data(tenants->index(0, TenantResultModel::FailureColumn)).toString().contains(where));
        checkFailureRow(2, ReceiptCheck::Status::Broken);
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("chain-dropped"));

        // The report gives every hash whole: "previous receipt's hash" was
        // cut to 59 of its 64 characters.
        QString why;
        const QString pdf = harness->scratch().filePath(QStringLiteral("dropped.pdf"));
        QVERIFY2(page->exportPdf(pdf, &why), qPrintable(why));
        QFile::remove(QDir(artifactDir(QStringLiteral("console"))).filePath(QStringLiteral("chain-dropped-report.pdf")));
        QFile::copy(pdf, QDir(artifactDir(QStringLiteral("console"))).filePath(QStringLiteral("chain-dropped-report.pdf")));
        const QString text = pdfText(pdf);
        // Words may wrap; hashes are copied back whole.
        QVERIFY2(text.simplified().contains(where), qPrintable(text.left(3000)));
        QCOMPARE(failing->failure->expected.size(), 64);
        QVERIFY2(PdfText::containsHash(text, failing->failure->expected), qPrintable(text.left(3000)));
        QVERIFY2(PdfText::containsHash(text, failing->failure->actual), qPrintable(text.left(3000)));
        QVERIFY(PdfText::containsHash(text, failing->headHash));
    }

    void localFilesOffline()
    {
        const QString source = QStringLiteral(AEGIS_SOURCE_DIR) + QStringLiteral("/tests/data/receipts/");
        VerificationRunPtr run = verifyFile(source + QStringLiteral("spec-chain.json"));
        QVERIFY(run && run->result);
        QCOMPARE(run->result->verdict(), ChainResult::Verdict::Intact);
        QCOMPARE(run->result->count(), 2);

        run = verifyFile(source + QStringLiteral("spec-chain-tampered.json"));
        QVERIFY(run && run->result);
        QCOMPARE(run->result->verdict(), ChainResult::Verdict::Broken);
        // An export without a tenant: its receipts are titled without one.
        const QString receiptsTitle = page->resultView()->findChild<QLabel *>(QStringLiteral("receiptsTitle"))->text();
        QVERIFY2(!receiptsTitle.contains(QStringLiteral("tenant ,")), qPrintable(receiptsTitle));
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("chain-file-json-tampered"));

        // A backup with its manifest beside it, then the same copy cut short.
        const QString backups = harness->gateway().workDir() + QStringLiteral("/backups/");
        run = verifyFile(backups + QStringLiteral("clean.db"));
        QVERIFY(run && run->result);
        QCOMPARE(run->result->verdict(), ChainResult::Verdict::Intact);
        QVERIFY(run->notes.join(QLatin1Char(' ')).contains(QStringLiteral("manifest beside the file")));

        const QString cut = harness->scratch().filePath(QStringLiteral("cut.db"));
        QVERIFY(QFile::copy(backups + QStringLiteral("clean.db"), cut));
        QVERIFY(QFile::copy(backups + QStringLiteral("clean.db.manifest.json"), cut + QStringLiteral(".manifest.json")));
        QVERIFY(SqliteShell::exec(cut, QStringLiteral("DELETE FROM receipts WHERE tenant_id='default' AND seq=8")));
        QFile::remove(cut + QStringLiteral("-wal"));
        QFile::remove(cut + QStringLiteral("-shm"));
        run = verifyFile(cut);
        QVERIFY(run && run->result);
        QCOMPARE(run->result->verdict(), ChainResult::Verdict::Broken);
        QCOMPARE(run->result->firstFailing()->failure->kind, ChainFailure::Kind::Truncated);
        // The receipt cut off the end is named by its seq.
        QVERIFY2(page->resultView()->failure()->text().contains(QStringLiteral("after seq 7 of tenant default (seq 8 is missing)")),
            qPrintable(page->resultView()->failure()->text()));
        QVERIFY2(page->resultView()->failure()->text().startsWith(QStringLiteral("Chain shorter than the backup's manifest")),
            qPrintable(page->resultView()->failure()->text()));
        // The verdict names where without "at after seq 7".
        QVERIFY2(page->resultView()->verdict()->text().contains(QStringLiteral("manifest after seq 7 of tenant default")),
            qPrintable(page->resultView()->verdict()->text()));
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("chain-file-truncated"));

        // Not a database and not JSON: an error in words, no verdict.
        const QString junk = harness->scratch().filePath(QStringLiteral("junk.db"));
        QFile file(junk);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("this is not evidence");
        file.close();
        run = verifyFile(junk);
        QVERIFY(run && !run->result);
        QVERIFY(run->error.contains(QStringLiteral("neither an SQLite database nor valid JSON")));
        QCOMPARE(page->resultView()->verdict()->status(), StatusColors::Status::Bad);
    }

    // A backup edited on the gateway's disk: checked here all the same (the
    // gateway read the same bytes), the file's digest beside the manifest's
    // in red, the failure placed as on the chain page, and a PDF that names
    // the file by its digest.
    void tamperedBackupShowsBothDigests()
    {
        const QString backups = harness->gateway().workDir() + QStringLiteral("/backups/");
        const QString file = backups + QStringLiteral("clean.db");
        QVERIFY(SqliteShell::exec(file, QStringLiteral("UPDATE receipts SET decision='edited' WHERE tenant_id='default' AND seq=5")));
        QFile::remove(file + QStringLiteral("-wal"));
        QFile::remove(file + QStringLiteral("-shm"));
        const QString fileSha = Sha256::hashFile(file).hex;

        const VerificationRunPtr run = verify({{QStringLiteral("source"), QStringLiteral("backup")},
            {QStringLiteral("backup"), QStringLiteral("clean.db")}});
        QVERIFY(run && run->result);
        QVERIFY2(!run->backupCheck.value(QStringLiteral("restorable")).toBool(),
            QJsonDocument(run->backupCheck).toJson().constData());
        QCOMPARE(run->fileSha256, fileSha);
        QVERIFY(!run->manifestSha256.isEmpty() && run->manifestSha256 != fileSha);
        QCOMPARE(run->result->verdict(), ChainResult::Verdict::Broken);
        const QString where = QStringLiteral("seq 5 of tenant default");
        ChainResultView *view = page->resultView();
        QVERIFY2(view->verdict()->text().contains(where), qPrintable(view->verdict()->text()));
        // The console's own table, not the gateway's verdict alone.
        QVERIFY(view->receiptModel()->rowCount() > 0);
        auto *digest = view->findChild<DigestLabel *>(QStringLiteral("backupSha256"));
        QVERIFY(digest && digest->differs());
        QVERIFY(digest->text().contains(fileSha));
        QVERIFY(digest->text().contains(run->manifestSha256));
        // The gateway's checks say where as the chain page does.
        auto *reasons = view->findChild<QLabel *>(QStringLiteral("backupReasons"));
        QVERIFY2(reasons->text().contains(QStringLiteral("Edited receipt at ") + where), qPrintable(reasons->text()));
        QVERIFY2(!reasons->text().contains(QStringLiteral("index")), qPrintable(reasons->text()));
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("chain-backup-tampered"));

        QString why;
        const QString pdf = harness->scratch().filePath(QStringLiteral("backup-tampered.pdf"));
        QVERIFY2(page->exportPdf(pdf, &why), qPrintable(why));
        QFile::remove(QDir(artifactDir(QStringLiteral("console"))).filePath(QStringLiteral("chain-backup-tampered-report.pdf")));
        QFile::copy(pdf, QDir(artifactDir(QStringLiteral("console"))).filePath(QStringLiteral("chain-backup-tampered-report.pdf")));
        QFile::remove(QDir(artifactDir(QStringLiteral("console"))).filePath(QStringLiteral("chain-file-report.pdf")));
        const QString text = pdfText(pdf);
        QVERIFY2(text.contains(QStringLiteral("clean.db")), qPrintable(text.left(3000)));
        QVERIFY2(PdfText::containsHash(text, fileSha), qPrintable(text.left(3000)));
        QVERIFY(PdfText::containsHash(text, run->manifestSha256));
        QVERIFY(text.simplified().contains(where));
        const ChainFailure &failure = *run->result->firstFailing()->failure;
        QVERIFY(PdfText::containsHash(text, failure.expected));
        QVERIFY(PdfText::containsHash(text, failure.actual));

        // A file verified offline is named by its digest too.
        const QString copy = harness->scratch().filePath(QStringLiteral("offline.db"));
        QVERIFY(QFile::copy(file, copy));
        const VerificationRunPtr offline = verifyFile(copy);
        QVERIFY(offline && offline->result);
        QCOMPARE(offline->fileSha256, fileSha);
        const QString offlinePdf = harness->scratch().filePath(QStringLiteral("offline.pdf"));
        QVERIFY2(page->exportPdf(offlinePdf, &why), qPrintable(why));
        QFile::copy(offlinePdf, QDir(artifactDir(QStringLiteral("console"))).filePath(QStringLiteral("chain-file-report.pdf")));
        const QString offlineText = pdfText(offlinePdf);
        QVERIFY2(PdfText::containsHash(offlineText, fileSha), qPrintable(offlineText.left(3000)));
        QVERIFY2(offlineText.contains(QStringLiteral("offline.db")), qPrintable(offlineText.left(3000)));
    }
};

QTEST_MAIN(ChainVerificationTest)
#include "ChainVerificationTest.moc"
