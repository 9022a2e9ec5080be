// Connecting: the first start finds the local gateway and its token so that
// confirming is enough; a wrong token (401) and a gateway that is not there
// are said plainly, with the way out; the token never lands in QSettings.
#include "console/app/AboutDialog.h"
#include "console/app/PageRegistry.h"
#include "console/connection/ConnectDialog.h"
#include "console/connection/ConnectionBanner.h"
#include "console/connection/GatewaySession.h"
#include "console/connection/LocalGatewayDefaults.h"
#include "console/connection/ProfileStore.h"
#include "console/pages/OverviewPage.h"
#include "console/widgets/MessagePanel.h"
#include "console/widgets/StatusBadge.h"
#include "tests/gui/ConsoleHarness.h"
#include "tests/support/GatewayApi.h"
#include "tests/support/TestCertificate.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QMenu>
#include <QMenuBar>
#include <QLineEdit>
#include <QPushButton>
#include <QTcpServer>

#include <QtTest>

#include <csignal>
#include <unistd.h>

using namespace aegis;
using namespace aegis::console;
using namespace aegis::test;

class ConnectionTest : public QObject
{
    Q_OBJECT

private:
    static void writeFile(const QString &path, const QByteArray &bytes)
    {
        QDir().mkpath(QFileInfo(path).absolutePath());
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(bytes);
    }

    // Discovery that finds nothing of the machine's own: only what a test
    // adds (a database, an address).
    static LocalGatewayDefaults::Inputs isolatedInputs(ConsoleHarness &harness)
    {
        LocalGatewayDefaults::Inputs inputs;
        inputs.workingDirectory = harness.scratch().filePath(QStringLiteral("nowhere"));
        inputs.serviceEnvironmentFile = harness.scratch().filePath(QStringLiteral("no.env"));
        inputs.systemDirectory = harness.scratch().filePath(QStringLiteral("no-system-dir"));
        inputs.defaultUrl = harness.gatewayUrl();
        return inputs;
    }

    static quint16 closedPort()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost);
        const quint16 port = probe.serverPort();
        probe.close();
        return port;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
    }

    void firstStartNeedsOnlyConfirming()
    {
        ConsoleHarness harness(QStringLiteral("first-start"));
        QString error;
        QVERIFY2(harness.startGateway(&error), qPrintable(error));
        QVERIFY(harness.seed(QStringLiteral("default"), 4));
        QVERIFY2(harness.connectThroughFirstStart(&error), qPrintable(error));

        // The overview fills in: health, readiness, version, counts.
        MainWindow &window = harness.window();
        auto *overview = qobject_cast<OverviewPage *>(window.page(PageRegistry::Overview));
        QVERIFY(overview);
        auto *health = overview->findChild<StatusBadge *>(QStringLiteral("healthBadge"));
        auto *ready = overview->findChild<StatusBadge *>(QStringLiteral("readyBadge"));
        auto *decisions = overview->findChild<QLabel *>(QStringLiteral("decisionsValue"));
        QTRY_COMPARE_WITH_TIMEOUT(health->status(), StatusColors::Status::Good, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(ready->status(), StatusColors::Status::Good, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(decisions->text(), QStringLiteral("4"), 10000);
        QVERIFY(!window.banner()->isVisible());
        ConsoleHarness::screenshot(&window, QStringLiteral("overview"));

        // The token is in the token file (0600), never in the settings.
        const QString profileId = window.profiles()->currentId();
        const QString tokenFile = harness.tokens().files().filePath(profileId);
        QVERIFY(QFile::exists(tokenFile));
        QCOMPARE(QFile::permissions(tokenFile) & ~(QFile::ReadUser | QFile::WriteUser | QFile::ReadOwner | QFile::WriteOwner),
            QFile::Permissions());
        harness.settings().sync();
        QFile settings(harness.settings().fileName());
        QVERIFY(settings.open(QIODevice::ReadOnly));
        QVERIFY2(!settings.readAll().contains(harness.gateway().adminToken()), "the admin token is in QSettings");
        // The status bar says the token is in a file, not a keychain.
        QVERIFY(window.session()->storedToken().location == TokenStore::Location::File);
        QVERIFY(!window.session()->storedToken().warning.isEmpty());

        // A restart opens the saved profile without asking.
        harness.window().close();
    }

    void savedProfileReopensWithoutDialog()
    {
        ConsoleHarness harness(QStringLiteral("reopen"));
        QString error;
        QVERIFY2(harness.startGateway(&error), qPrintable(error));
        {
            MainWindow first(harness.services());
            first.start();
            ConnectDialog *dialog = nullptr;
            QTRY_VERIFY((dialog = first.findChild<ConnectDialog *>()) != nullptr);
            dialog->connectButton()->click();
            QTRY_COMPARE_WITH_TIMEOUT(first.session()->state().kind, ConnectionState::Kind::Connected, 10000);
        }
        MainWindow second(harness.services());
        second.start();
        QTRY_COMPARE_WITH_TIMEOUT(second.session()->state().kind, ConnectionState::Kind::Connected, 10000);
        QVERIFY(second.findChild<ConnectDialog *>() == nullptr);
        QCOMPARE(second.session()->profile().url.toString(), harness.gatewayUrl());
    }

    void wrongTokenShows401Banner()
    {
        ConsoleHarness harness(QStringLiteral("wrong-token"));
        QString error;
        QVERIFY2(harness.startGateway(&error), qPrintable(error));
        harness.connectDirectly(QUrl(harness.gatewayUrl()), "this-is-not-the-admin-token");
        MainWindow &window = harness.window();
        ConnectionBanner *banner = window.banner();
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 10000);
        QCOMPARE(window.session()->state().kind, ConnectionState::Kind::Unauthorized);
        // Which token was sent (the file it was read from), and the address
        // to check; no talk of an admin.token file the console did not use.
        QVERIFY2(banner->text().contains(QStringLiteral("refused the admin token of this connection")), qPrintable(banner->text()));
        QVERIFY2(banner->text().contains(QStringLiteral("(401 Unauthorized)")), qPrintable(banner->text()));
        QVERIFY2(banner->text().contains(harness.services().tokens->files().filePath(window.session()->profile().id)),
            qPrintable(banner->text()));
        QVERIFY2(banner->text().contains(QStringLiteral("Check the address")), qPrintable(banner->text()));
        QVERIFY2(!banner->text().contains(QStringLiteral("admin.token")), qPrintable(banner->text()));
        QVERIFY(banner->detail().contains(QStringLiteral("401")));
        QCOMPARE(banner->status(), StatusColors::Status::Bad);
        // The probes still answer: health is shown, and does not hide the 401.
        auto *health = window.page(PageRegistry::Overview)->findChild<StatusBadge *>(QStringLiteral("healthBadge"));
        QTRY_COMPARE_WITH_TIMEOUT(health->status(), StatusColors::Status::Good, 10000);
        QTest::qWait(300);
        QCOMPARE(window.session()->state().kind, ConnectionState::Kind::Unauthorized);
        ConsoleHarness::screenshot(&window, QStringLiteral("banner-401"));

        // The way out: Edit connection, paste the right token, Connect.
        QPushButton *edit = nullptr;
        for (QPushButton *button : banner->findChildren<QPushButton *>()) {
            if (button->text().remove(QLatin1Char('&')).startsWith(QStringLiteral("Edit connection")))
                edit = button;
        }
        QVERIFY(edit && edit->isVisible());
        edit->click();
        ConnectDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<ConnectDialog *>()) != nullptr);
        dialog->findChild<QLineEdit *>(QStringLiteral("adminToken"))->setText(QString::fromUtf8(harness.gateway().adminToken()));
        dialog->connectButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->state().kind, ConnectionState::Kind::Connected, 10000);
        QTRY_VERIFY(!banner->isVisible());
    }

    void connectDialogExplains401BeforeSaving()
    {
        ConsoleHarness harness(QStringLiteral("dialog-401"));
        QString error;
        QVERIFY2(harness.startGateway(&error), qPrintable(error));
        MainWindow &window = harness.window();
        ConnectDialog *dialog = window.openConnectDialog(true);
        dialog->findChild<QLineEdit *>(QStringLiteral("adminToken"))->setText(QStringLiteral("wrong-token-wrong-token"));
        dialog->connectButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->saveAnywayButton()->isVisible(), 10000);
        QVERIFY2(dialog->message()->text().contains(QStringLiteral("refused this admin token (401)")),
            qPrintable(dialog->message()->text()));
        QVERIFY(dialog->isVisible());
        QVERIFY(window.profiles()->isEmpty());
        ConsoleHarness::screenshot(dialog, QStringLiteral("connect-dialog-401"));
        dialog->reject();
    }

    void unreachableGatewaySaysWhy()
    {
        ConsoleHarness harness(QStringLiteral("unreachable"));
        const QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(closedPort()));
        harness.connectDirectly(url, "some-admin-token-value");
        MainWindow &window = harness.window();
        ConnectionBanner *banner = window.banner();
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 10000);
        QCOMPARE(window.session()->state().kind, ConnectionState::Kind::Unreachable);
        QVERIFY2(banner->text().contains(QStringLiteral("refused the connection")), qPrintable(banner->text()));
        QVERIFY(banner->text().contains(url.toString()));
        QVERIFY(!banner->detail().isEmpty());
        auto *health = window.page(PageRegistry::Overview)->findChild<StatusBadge *>(QStringLiteral("healthBadge"));
        QTRY_COMPARE_WITH_TIMEOUT(health->status(), StatusColors::Status::Bad, 10000);
        QVERIFY(health->text().contains(QStringLiteral("Unreachable")));
        ConsoleHarness::screenshot(&window, QStringLiteral("banner-unreachable"));

        // The dialog's test says the same before anything is saved.
        ConnectDialog *dialog = window.openConnectDialog(false);
        dialog->testButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->message()->text().contains(QStringLiteral("refused the connection")), 10000);
        ConsoleHarness::screenshot(dialog, QStringLiteral("connect-dialog-unreachable"));
        dialog->reject();
    }

    void untrustedCertificateIsSaidPlainly()
    {
        ConsoleHarness harness(QStringLiteral("tls"));
        const aegis::test::TestCertificate certificate = aegis::test::TestCertificate::create(harness.scratch().path());
        QVERIFY(certificate.isValid());
        const QString cert = certificate.certificatePath;
        const QString key = certificate.keyPath;
        harness.gateway().setEnv(QStringLiteral("AEGIS_TLS_CERT"), cert);
        harness.gateway().setEnv(QStringLiteral("AEGIS_TLS_KEY"), key);
        QString error;
        QVERIFY2(harness.startGateway(&error), qPrintable(error));
        const QUrl url(QStringLiteral("https://127.0.0.1:%1").arg(harness.gateway().port()));
        harness.connectDirectly(url, harness.gateway().adminToken());
        MainWindow &window = harness.window();
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->state().kind, ConnectionState::Kind::TlsFailure, 15000);
        QVERIFY(window.banner()->isVisible());
        QVERIFY2(window.banner()->text().contains(QStringLiteral("secure connection")), qPrintable(window.banner()->text()));
        QVERIFY(window.banner()->text().contains(QStringLiteral("certificate")));
        ConsoleHarness::screenshot(&window, QStringLiteral("banner-tls"));

        // With the gateway's certificate as the profile's CA: connected.
        ConnectDialog *dialog = window.openConnectDialog(false);
        dialog->findChild<QLineEdit *>(QStringLiteral("caCertificate"))->setText(cert);
        dialog->connectButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->state().kind, ConnectionState::Kind::Connected, 15000);
        QTRY_VERIFY(!window.banner()->isVisible());
    }

    void gatewayStoppingIsNoticedAndRecovered()
    {
        ConsoleHarness harness(QStringLiteral("stop-start"));
        QString error;
        QVERIFY2(harness.startGateway(&error), qPrintable(error));
        QVERIFY2(harness.connectThroughFirstStart(&error), qPrintable(error));
        MainWindow &window = harness.window();
        const quint16 port = harness.gateway().port();
        QCOMPARE(harness.gateway().stop(SIGTERM), 0);
        // The overview's own refresh notices, without anyone pressing F5.
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->state().kind, ConnectionState::Kind::Unreachable, 15000);
        QVERIFY(window.banner()->isVisible());
        // Same port again, so the profile still fits.
        harness.gateway().setEnv(QStringLiteral("AEGIS_BIND"), QStringLiteral("127.0.0.1:%1").arg(port));
        QVERIFY2(harness.startGateway(&error), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->state().kind, ConnectionState::Kind::Connected, 15000);
        QTRY_VERIFY(!window.banner()->isVisible());
    }

    void tokenDiscoveryOrder()
    {
        ScratchDir dir(QStringLiteral("discovery"));
        QDir().mkpath(dir.filePath(QStringLiteral("work/db")));
        QDir().mkpath(dir.filePath(QStringLiteral("repo/db")));
        auto write = [](const QString &path, const QByteArray &bytes) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(bytes);
        };
        write(dir.filePath(QStringLiteral("repo/db/admin.token")), "token-next-to-the-database\n");
        LocalGatewayDefaults::Inputs inputs;
        inputs.workingDirectory = dir.filePath(QStringLiteral("work"));
        inputs.defaultDatabase = dir.filePath(QStringLiteral("repo/db/aegisagent.db"));
        inputs.systemDirectory = dir.filePath(QStringLiteral("system"));
        LocalGatewayDefaults found = LocalGatewayDefaults::discover(inputs);
        QCOMPARE(found.token, QByteArray("token-next-to-the-database"));
        QCOMPARE(found.databasePath, QDir::cleanPath(dir.filePath(QStringLiteral("repo/db/aegisagent.db"))));
        QCOMPARE(found.backupDirectory, QDir::cleanPath(dir.filePath(QStringLiteral("repo/backups"))));
        QCOMPARE(found.url, QUrl(QStringLiteral("http://127.0.0.1:8080")));

        // The working directory's db/admin.token comes first.
        write(dir.filePath(QStringLiteral("work/db/admin.token")), "token-in-working-directory");
        found = LocalGatewayDefaults::discover(inputs);
        QCOMPARE(found.token, QByteArray("token-in-working-directory"));

        // An unreadable token file is named, not silently skipped.
        if (::geteuid() != 0) {
            QFile::setPermissions(dir.filePath(QStringLiteral("work/db/admin.token")), QFile::WriteOwner);
            QFile::remove(dir.filePath(QStringLiteral("repo/db/admin.token")));
            found = LocalGatewayDefaults::discover(inputs);
            QVERIFY(!found.hasToken());
            QVERIFY(found.problem.contains(QStringLiteral("cannot be read")));
        }
    }

    // Started from the desktop, not from the gateway's directory: the
    // clone the console was built in (scripts/run.sh keeps the token in
    // <root>/db) and the Debian package's settings are looked at too.
    void tokenFoundWhereRunShAndThePackageKeepIt()
    {
        ScratchDir dir(QStringLiteral("discovery-more"));
        const auto write = &ConnectionTest::writeFile;
        write(dir.filePath(QStringLiteral("clone/scripts/run.sh")), "#!/bin/sh\n");
        QDir().mkpath(dir.filePath(QStringLiteral("clone/docs/runbooks")));
        QDir().mkpath(dir.filePath(QStringLiteral("clone/build/release/console")));
        write(dir.filePath(QStringLiteral("clone/db/admin.token")), "token-of-run-sh\n");
        LocalGatewayDefaults::Inputs inputs;
        inputs.workingDirectory = dir.filePath(QStringLiteral("home"));
        inputs.applicationDirectory = dir.filePath(QStringLiteral("clone/build/release/console"));
        inputs.serviceEnvironmentFile = dir.filePath(QStringLiteral("etc/aegis-gateway.env"));
        inputs.systemDirectory = dir.filePath(QStringLiteral("var-lib-aegis"));
        LocalGatewayDefaults found = LocalGatewayDefaults::discover(inputs);
        QCOMPARE(found.token, QByteArray("token-of-run-sh"));
        QCOMPARE(found.tokenFile, QDir::cleanPath(dir.filePath(QStringLiteral("clone/db/admin.token"))));
        QCOMPARE(found.databasePath, QDir::cleanPath(dir.filePath(QStringLiteral("clone/db/aegisagent.db"))));
        QCOMPARE(found.backupDirectory, QDir::cleanPath(dir.filePath(QStringLiteral("clone/backups"))));

        // An installed console: the token file the service's settings name.
        inputs.applicationDirectory = dir.filePath(QStringLiteral("usr/bin"));
        const QString database = dir.filePath(QStringLiteral("srv/aegis/aegisagent.db"));
        const QString secret = dir.filePath(QStringLiteral("srv/secrets/aegis-admin.token"));
        write(inputs.serviceEnvironmentFile,
            QStringLiteral("# settings\nAEGIS_DB_PATH=%1\nAEGIS_ADMIN_TOKEN_FILE=\"%2\"\nAEGIS_BACKUP_DIR=%3\n")
                .arg(database, secret, dir.filePath(QStringLiteral("srv/backups")))
                .toUtf8());
        write(secret, "token-of-the-service");
        found = LocalGatewayDefaults::discover(inputs);
        QCOMPARE(found.token, QByteArray("token-of-the-service"));
        QCOMPARE(found.tokenFile, QDir::cleanPath(secret));
        QCOMPARE(found.databasePath, QDir::cleanPath(database));
        QCOMPARE(found.backupDirectory, QDir::cleanPath(dir.filePath(QStringLiteral("srv/backups"))));
        QCOMPARE(found.service.kind, console::ServiceControl::Kind::Systemd);

        // The package's default when its settings say nothing else.
        QFile::remove(inputs.serviceEnvironmentFile);
        write(dir.filePath(QStringLiteral("var-lib-aegis/admin.token")), "token-of-the-package");
        found = LocalGatewayDefaults::discover(inputs);
        QCOMPARE(found.token, QByteArray("token-of-the-package"));
    }

    // The dialog's words follow the token field, and a database path
    // finds the admin.token beside it.
    void pastedTokenIsNotCalledMissing()
    {
        ConsoleHarness harness(QStringLiteral("dialog-paste"));
        QString error;
        QVERIFY2(harness.startGateway(&error), qPrintable(error));
        ConnectDialog dialog(&harness.tokens());
        dialog.prefill(LocalGatewayDefaults::discover(isolatedInputs(harness)), true);
        dialog.show();
        auto *intro = dialog.findChild<QLabel *>(QStringLiteral("connectIntro"));
        QVERIFY2(intro->text().contains(QStringLiteral("no admin token file was found")), qPrintable(intro->text()));
        auto *token = dialog.findChild<QLineEdit *>(QStringLiteral("adminToken"));
        token->setText(QString::fromUtf8(harness.gateway().adminToken()));
        QVERIFY2(!intro->text().contains(QStringLiteral("no admin token file was found")), qPrintable(intro->text()));
        QVERIFY(intro->text().contains(QStringLiteral("you entered")));
        ConsoleHarness::screenshot(&dialog, QStringLiteral("connect-dialog-pasted"));

        // Emptied, then a database path: its admin.token fills the field.
        token->clear();
        QVERIFY(intro->text().contains(QStringLiteral("no admin token file was found")));
        auto *database = dialog.findChild<QLineEdit *>(QStringLiteral("databasePath"));
        QVERIFY(database);
        database->setText(harness.gateway().databasePath());
        QCOMPARE(dialog.token(), harness.gateway().adminToken());
        const QString beside = QDir::cleanPath(QFileInfo(harness.gateway().databasePath()).absolutePath() + QStringLiteral("/admin.token"));
        QVERIFY2(intro->text().contains(beside), qPrintable(intro->text()));
        ConsoleHarness::screenshot(&dialog, QStringLiteral("connect-dialog-token-beside-database"));
        dialog.connectButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.message()->text().contains(QStringLiteral("admin token is accepted")), 10000);
    }

    // A gateway on the expected port that is another instance refuses the
    // token read from the file: the message names the file and points at
    // the address, not at the file that was used.
    void wrongInstance401NamesTheFile()
    {
        ConsoleHarness harness(QStringLiteral("dialog-401-instance"));
        QString error;
        QVERIFY2(harness.startGateway(&error), qPrintable(error));
        const QString otherDb = harness.scratch().filePath(QStringLiteral("other/db/aegisagent.db"));
        const QString otherToken = harness.scratch().filePath(QStringLiteral("other/db/admin.token"));
        writeFile(otherToken, "token-of-another-gateway-instance\n");
        LocalGatewayDefaults::Inputs inputs = isolatedInputs(harness);
        inputs.defaultDatabase = otherDb;
        ConnectDialog dialog(&harness.tokens());
        dialog.prefill(LocalGatewayDefaults::discover(inputs), true);
        dialog.show();
        dialog.connectButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.saveAnywayButton()->isVisible(), 10000);
        const QString text = dialog.message()->text();
        QVERIFY2(text.contains(QStringLiteral("refused this admin token (401)")), qPrintable(text));
        QVERIFY2(text.contains(QDir::cleanPath(otherToken)), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("check the address")));
        QVERIFY(text.contains(harness.gatewayUrl()));
        QVERIFY(!text.contains(QStringLiteral("Use the token from")));
        ConsoleHarness::screenshot(&dialog, QStringLiteral("connect-dialog-401-other-instance"));
    }

    // Help: the runbooks (installed, else the repository's when run from a
    // build tree) and the versions of the console and the gateway.
    void helpLinksRunbooksAndVersions()
    {
        ConsoleHarness harness(QStringLiteral("help"));
        QString error;
        QVERIFY2(harness.startGateway(&error), qPrintable(error));
        ConsoleServices services = harness.services();
        // This test runs from the build tree: the repository's docs.
        services.runbooks.installedDirectory = harness.scratch().filePath(QStringLiteral("no-doc"));
        services.runbooks.applicationDirectory = QCoreApplication::applicationDirPath();
        {
            MainWindow window(services);
            auto *runbooks = window.findChild<QMenu *>(QStringLiteral("runbooksMenu"));
            QVERIFY(runbooks);
            QStringList titles;
            for (QAction *action : runbooks->actions()) {
                QVERIFY2(QFileInfo(action->data().toString()).isFile(), qPrintable(action->text()));
                titles << action->text();
            }
            QVERIFY2(titles.contains(QStringLiteral("The guided restore")), qPrintable(titles.join(QLatin1Char(','))));
            QVERIFY(runbooks->actions().first()->data().toString().endsWith(QStringLiteral("docs/runbooks/restore.md")));
        }
        // Installed copies come first.
        const QString installed = harness.scratch().filePath(QStringLiteral("usr-share-doc-aegis"));
        writeFile(installed + QStringLiteral("/restore.md"), "# Runbook: the guided restore\n");
        services.runbooks.installedDirectory = installed;
        MainWindow window(services);
        auto *runbooks = window.findChild<QMenu *>(QStringLiteral("runbooksMenu"));
        QCOMPARE(runbooks->actions().first()->data().toString(), QFileInfo(installed + QStringLiteral("/restore.md")).absoluteFilePath());

        // About names both versions, the gateway's as it reports it.
        window.show();
        window.start();
        ConnectDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<ConnectDialog *>()) != nullptr);
        dialog->connectButton()->click();
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->state().kind, ConnectionState::Kind::Connected, 10000);
        const QJsonObject version = harness.gateway().client().get(QStringLiteral("/v1/version")).json();
        QVERIFY(!version.value(QStringLiteral("version")).toString().isEmpty());
        window.findChild<QAction *>(QStringLiteral("aboutAction"))->trigger();
        AboutDialog *about = nullptr;
        QTRY_VERIFY((about = window.findChild<AboutDialog *>()) != nullptr);
        QCOMPARE(about->consoleVersion()->text(), QStringLiteral(AEGIS_VERSION));
        QTRY_VERIFY_WITH_TIMEOUT(about->gatewayVersion()->text().contains(version.value(QStringLiteral("version")).toString()
                                                                              + QStringLiteral(" (schema")), 10000);
        QVERIFY(about->gatewayVersion()->text().contains(harness.gatewayUrl()));
        ConsoleHarness::screenshot(about, QStringLiteral("about-versions"));
        about->close();
    }
};

QTEST_MAIN(ConnectionTest)
#include "ConnectionTest.moc"
