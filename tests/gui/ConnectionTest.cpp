// Connecting: the first start finds the local gateway and its token so that
// confirming is enough; a wrong token (401) and a gateway that is not there
// are said plainly, with the way out; the token never lands in QSettings.
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

#include <QFile>
#include <QLabel>
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
        QVERIFY2(banner->text().contains(QStringLiteral("refused the admin token (401")), qPrintable(banner->text()));
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
};

QTEST_MAIN(ConnectionTest)
#include "ConnectionTest.moc"
