// The gateway is down (issue 14, item 3), as it often is when a restore is
// needed: the overview greys what it can no longer vouch for and says since
// when; the banner offers to start the gateway with the profile's service
// control (managed here); the wizard lists the profile's backup directory
// read on this computer, with manifests, and its words follow the gateway's
// actual state ("not running now", never "keeps running" or "will be
// stopped"). Then Start the gateway brings it back and the overview is
// current again.
#include "console/app/PageRegistry.h"
#include "console/connection/ConnectionBanner.h"
#include "console/connection/GatewaySession.h"
#include "console/models/JsonArrayModel.h"
#include "console/pages/OverviewPage.h"
#include "console/restore/ChooseBackupPage.h"
#include "console/restore/ConfirmPage.h"
#include "console/restore/PreflightPage.h"
#include "console/restore/RestorePage.h"
#include "console/widgets/MessagePanel.h"
#include "console/widgets/StatusBadge.h"
#include "tests/gui/restore/RestoreConsole.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QStatusBar>
#include <QtTest>

using namespace aegis;
using namespace aegis::console;
using namespace aegis::test;

class RestoreOfflineTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
    }

    void gatewayDown()
    {
        RestoreConsole console(QStringLiteral("offline"));
        QString error;
        QVERIFY2(console.prepare(&error), qPrintable(error));
        QVERIFY2(console.connect(console.profile(true), &error), qPrintable(error));
        MainWindow &window = console.window();
        window.resize(1280, 820);
        auto *overview = qobject_cast<OverviewPage *>(window.page(PageRegistry::Overview));
        auto *backupAge = overview->findChild<StatusBadge *>(QStringLiteral("backupAgeBadge"));
        auto *backupName = overview->findChild<QLabel *>(QStringLiteral("backupName"));
        auto *receipts = overview->findChild<QLabel *>(QStringLiteral("receiptsValue"));
        auto *startGateway = window.banner()->findChild<QPushButton *>(QStringLiteral("startGatewayButton"));
        QVERIFY(startGateway);
        window.showPage(PageRegistry::Overview);
        QTRY_COMPARE_WITH_TIMEOUT(backupAge->status(), StatusColors::Status::Good, 15000);
        QCOMPARE(backupName->text(), QStringLiteral("before-upgrade.db"));
        QVERIFY(backupAge->isEnabled());
        QVERIFY(!overview->staleNotice()->isVisible());
        QVERIFY(!startGateway->isVisible());
        const QString receiptsBefore = receipts->text();
        QVERIFY(receiptsBefore != QStringLiteral("—"));

        // Down.
        QVERIFY(console.scenario().stopAnyGateway());
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->state().kind, ConnectionState::Kind::Unreachable, 15000);
        // The overview no longer vouches for what the gateway said: grey,
        // not green, and since when.
        QTRY_VERIFY_WITH_TIMEOUT(overview->staleNotice()->isVisible(), 15000);
        QVERIFY2(overview->staleNotice()->text().contains(QStringLiteral("has not answered since")),
            qPrintable(overview->staleNotice()->text()));
        QVERIFY(!backupAge->isEnabled());
        QVERIFY(!receipts->isEnabled());
        QCOMPARE(receipts->text(), receiptsBefore);
        const QColor shown = backupAge->palette().color(QPalette::Disabled, QPalette::WindowText);
        QCOMPARE(shown, QApplication::palette().color(QPalette::Disabled, QPalette::WindowText));
        // The way back is one click away, with the profile's service control.
        QTRY_VERIFY(startGateway->isVisible());
        QVERIFY(startGateway->isEnabled());
        RestoreConsole::shot(&window, QStringLiteral("offline-overview"));
        {
            const QPalette light = QApplication::palette();
            QApplication::setPalette(ConsoleHarness::darkPalette());
            RestoreConsole::shot(&window, QStringLiteral("offline-overview-dark"));
            QApplication::setPalette(light);
        }

        // The wizard lists the backup directory itself, with the manifests,
        // as the gateway's catalog would: a copy put there by hand without
        // one, never an unfinished download.
        const QString backups = QDir::cleanPath(console.scenario().dir() + QStringLiteral("/backups"));
        QVERIFY(QFile::copy(console.scenario().backup(), backups + QStringLiteral("/hand-copied.db")));
        QVERIFY(QFile::copy(console.scenario().backup(), backups + QStringLiteral("/unfinished.db.partial")));
        RestoreWizard *wizard = console.openWizard(&error);
        QVERIFY2(wizard, qPrintable(error));
        ChooseBackupPage *choose = wizard->choosePage();
        QTRY_VERIFY_WITH_TIMEOUT(choose->catalog()->rowCount() == 2, 15000);
        const int taken = choose->catalog()->find(QStringLiteral("name"), QStringLiteral("before-upgrade.db"));
        const int byHand = choose->catalog()->find(QStringLiteral("name"), QStringLiteral("hand-copied.db"));
        QVERIFY(taken >= 0 && byHand >= 0);
        const QJsonObject row = choose->catalog()->row(taken);
        QVERIFY(row.value(QStringLiteral("has_manifest")).toBool());
        QCOMPARE(row.value(QStringLiteral("sha256")).toString(), RestoreScenario::sha256Of(console.scenario().backup()));
        QVERIFY(!choose->catalog()->row(byHand).value(QStringLiteral("has_manifest")).toBool());
        QVERIFY(choose->selectBackup(QStringLiteral("before-upgrade.db")));
        QVERIFY2(choose->catalogMessage()->text().contains(backups), qPrintable(choose->catalogMessage()->text()));
        QVERIFY(choose->catalogMessage()->text().contains(QStringLiteral("refused the connection")));
        RestoreConsole::shot(wizard, QStringLiteral("offline-1-choose"));

        // The checks: the backup read in place, and no "keeps running".
        QVERIFY2(RestoreConsole::next(wizard, RestoreWizard::PreflightPageId, &error), qPrintable(error));
        PreflightPage *checks = wizard->preflightPage();
        QVERIFY2(checks->subTitle().contains(QStringLiteral("not running now")), qPrintable(checks->subTitle()));
        QVERIFY(!checks->subTitle().contains(QStringLiteral("keeps running")));
        QTRY_VERIFY_WITH_TIMEOUT(checks->hasResult(), 120000);
        QVERIFY2(checks->result().passed(), qPrintable(checks->verdict()->text() + QLatin1Char('\n') + checks->verdict()->detail()));
        // The verdict first, on a line of its own; the token not checked yet
        // under it, named as a check, never run into the verdict.
        const QString verdict = checks->verdict()->text();
        QVERIFY2(verdict.startsWith(QStringLiteral("The backup can be restored. Worth knowing first:\n• ")), qPrintable(verdict));
        QVERIFY2(verdict.contains(QStringLiteral("\n• The gateway accepts the admin token — ")), qPrintable(verdict));
        QVERIFY(!wizard->state().local.downloaded);
        QCOMPARE(QFileInfo(wizard->state().local.backupPath).absolutePath(), backups);
        RestoreConsole::shot(wizard, QStringLiteral("offline-2-preflight"));

        // The confirmation says it is stopped already, not "will be stopped".
        QVERIFY2(RestoreConsole::next(wizard, RestoreWizard::PlanPageId, &error), qPrintable(error));
        QVERIFY2(RestoreConsole::next(wizard, RestoreWizard::ConfirmPageId, &error), qPrintable(error));
        const QString summary = wizard->confirmPage()->findChild<QLabel *>(QStringLiteral("confirmSummary"))->text();
        QVERIFY2(summary.contains(QStringLiteral("is not running now")), qPrintable(summary));
        QVERIFY(!summary.contains(QStringLiteral("will be stopped")));
        RestoreConsole::shot(wizard, QStringLiteral("offline-4-confirm"));
        wizard->reject();
        QTRY_VERIFY(!wizard->isVisible());

        // Start the gateway: the managed binary on the profile's database,
        // proven by its answers; the overview is current again.
        window.showPage(PageRegistry::Overview);
        QVERIFY(overview->staleNotice()->isVisible());
        startGateway->click();
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->state().kind, ConnectionState::Kind::Connected, 60000);
        QVERIFY(console.scenario().gatewayHolding() > 0);
        QTRY_VERIFY_WITH_TIMEOUT(!overview->staleNotice()->isVisible(), 15000);
        QVERIFY(backupAge->isEnabled());
        QCOMPARE(backupAge->status(), StatusColors::Status::Good);
        QVERIFY(!window.banner()->isVisible());
        // The status bar says it in words that fit at 1024 px beside the
        // token warning; the process and its log are in the tooltip.
        const QString started = window.statusBar()->currentMessage();
        QVERIFY2(started.startsWith(QStringLiteral("The gateway was started and answers")), qPrintable(started));
        QVERIFY2(window.statusBar()->fontMetrics().horizontalAdvance(started) < 1024 / 2, qPrintable(started));
        QVERIFY2(window.statusBar()->toolTip().contains(QStringLiteral("aegis-gateway.log")), qPrintable(window.statusBar()->toolTip()));
        RestoreConsole::shot(&window, QStringLiteral("offline-overview-started"));
    }
};

QTEST_MAIN(RestoreOfflineTest)
#include "RestoreOfflineTest.moc"
