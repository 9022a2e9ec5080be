// The Backups page against the real gateway: take a backup under an edited
// name and see it listed, a taken name (409) with a new name one click away,
// a name the rules refuse, verify, verifications remembered across a restore
// (by the file's digest), download with the digest checked, delete only
// after confirming.
#include "common/client/GatewayReply.h"
#include "common/crypto/Sha256.h"
#include "console/app/PageRegistry.h"
#include "console/backup/TakeBackupDialog.h"
#include "console/connection/GatewaySession.h"
#include "console/models/JsonArrayModel.h"
#include "console/pages/BackupsPage.h"
#include "console/widgets/DigestLabel.h"
#include "console/widgets/MessagePanel.h"
#include "console/widgets/StatusBadge.h"
#include "tests/gui/ConsoleHarness.h"
#include "tests/gui/ModalAnswer.h"
#include "tests/support/SqliteShell.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkReply>
#include <QPushButton>
#include <QTableView>
#include <QtTest>

using namespace aegis;
using namespace aegis::console;
using namespace aegis::test;

class BackupsTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ConsoleHarness> harness;
    BackupsPage *page = nullptr;

    // DELETE requests the page has sent and not yet seen answered.
    int deletesInFlight() const
    {
        int count = 0;
        for (const GatewayReply *reply : page->findChildren<GatewayReply *>()) {
            const auto *network = reply->findChild<QNetworkReply *>();
            if (!reply->isFinished() && network && network->operation() == QNetworkAccessManager::DeleteOperation)
                ++count;
        }
        return count;
    }

    void takeBackup(const QString &name)
    {
        TakeBackupDialog *dialog = page->openTakeBackup();
        QVERIFY(dialog);
        dialog->setName(name);
        QSignalSpy taken(dialog, &TakeBackupDialog::backupTaken);
        dialog->takeButton()->click();
        QVERIFY(taken.wait(20000));
        QTRY_VERIFY_WITH_TIMEOUT(page->catalog()->find(QStringLiteral("name"), name) >= 0, 10000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        harness = std::make_unique<ConsoleHarness>(QStringLiteral("backups"));
        QString error;
        QVERIFY2(harness->startGateway(&error), qPrintable(error));
        QVERIFY(harness->seed(QStringLiteral("default"), 6));
        QVERIFY2(harness->connectThroughFirstStart(&error), qPrintable(error));
        harness->window().showPage(PageRegistry::Backups);
        page = qobject_cast<BackupsPage *>(harness->window().page(PageRegistry::Backups));
        QVERIFY(page);
        QTRY_VERIFY_WITH_TIMEOUT(page->message()->isVisible(), 10000); // "no backup yet"
        QVERIFY(page->message()->text().contains(QStringLiteral("no backup yet")));
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("backups-empty"));
    }

    void cleanupTestCase()
    {
        harness.reset();
    }

    void takeBackupAndSeeItListed()
    {
        TakeBackupDialog *dialog = page->openTakeBackup();
        QVERIFY(dialog);
        // The default is timestamped and valid as it is.
        QVERIFY(dialog->name().startsWith(QStringLiteral("aegis-")));
        QVERIFY(dialog->name().endsWith(QStringLiteral(".db")));
        QVERIFY(dialog->takeButton()->isEnabled());
        ConsoleHarness::screenshot(dialog, QStringLiteral("take-backup-dialog"));

        // A name the rules refuse is refused while typing, in words.
        dialog->setName(QStringLiteral("../etc/passwd"));
        QVERIFY(!dialog->takeButton()->isEnabled());
        QVERIFY2(dialog->nameProblem()->text().contains(QStringLiteral("bare file name")),
            qPrintable(dialog->nameProblem()->text()));
        ConsoleHarness::screenshot(dialog, QStringLiteral("take-backup-invalid-name"));
        dialog->setName(QStringLiteral(".hidden.db"));
        QVERIFY(!dialog->takeButton()->isEnabled());
        QVERIFY(dialog->nameProblem()->text().contains(QStringLiteral("reserved")));

        dialog->setName(QStringLiteral("before-upgrade.db"));
        QVERIFY(dialog->takeButton()->isEnabled());
        QSignalSpy taken(dialog, &TakeBackupDialog::backupTaken);
        dialog->takeButton()->click();
        QVERIFY(taken.wait(20000));
        QTRY_VERIFY_WITH_TIMEOUT(page->catalog()->find(QStringLiteral("name"), QStringLiteral("before-upgrade.db")) >= 0, 10000);
        QCOMPARE(page->selectedBackup().value(QStringLiteral("name")).toString(), QStringLiteral("before-upgrade.db"));
        QVERIFY(page->message()->text().contains(QStringLiteral("before-upgrade.db taken")));
        QVERIFY(QFile::exists(harness->gateway().workDir() + QStringLiteral("/backups/before-upgrade.db")));
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("backups"));
    }

    void takenNameGets409AndANewName()
    {
        TakeBackupDialog *dialog = page->openTakeBackup();
        dialog->setName(QStringLiteral("before-upgrade.db"));
        dialog->takeButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->newNameButton()->isVisible(), 20000);
        QVERIFY2(dialog->message()->text().contains(QStringLiteral("already exists")), qPrintable(dialog->message()->text()));
        QVERIFY(dialog->message()->detail().contains(QStringLiteral("409")));
        QVERIFY(dialog->isVisible());
        ConsoleHarness::screenshot(dialog, QStringLiteral("take-backup-409"));

        dialog->newNameButton()->click();
        QVERIFY(dialog->name() != QStringLiteral("before-upgrade.db"));
        QVERIFY(dialog->name().startsWith(QStringLiteral("aegis-")));
        const QString fresh = dialog->name();
        QSignalSpy taken(dialog, &TakeBackupDialog::backupTaken);
        dialog->takeButton()->click();
        QVERIFY(taken.wait(20000));
        QTRY_VERIFY_WITH_TIMEOUT(page->catalog()->find(QStringLiteral("name"), fresh) >= 0, 10000);
    }

    void freshNameWithinTheSameSecond()
    {
        const QDateTime now = QDateTime::fromString(QStringLiteral("2026-11-26T09:30:00Z"), Qt::ISODate);
        QCOMPARE(TakeBackupDialog::freshName(now, QStringLiteral("x.db")), QStringLiteral("aegis-20261126T093000Z.db"));
        QCOMPARE(TakeBackupDialog::freshName(now, QStringLiteral("aegis-20261126T093000Z.db")),
            QStringLiteral("aegis-20261126T093000Z-2.db"));
    }

    void verifyTellsRestorable()
    {
        QVERIFY(page->selectBackup(QStringLiteral("before-upgrade.db")));
        QSignalSpy verified(page, &BackupsPage::verified);
        page->verifySelected();
        QVERIFY(verified.wait(20000));
        QVERIFY(verified.first().first().toJsonObject().value(QStringLiteral("restorable")).toBool());
        QTRY_COMPARE_WITH_TIMEOUT(page->verifyBadge()->status(), StatusColors::Status::Good, 10000);
        QVERIFY(page->verifyBadge()->text().contains(QStringLiteral("YES")));
        QVERIFY(page->message()->text().contains(QStringLiteral("restorable")));
        // The catalog remembers it.
        const int row = page->catalog()->find(QStringLiteral("name"), QStringLiteral("before-upgrade.db"));
        QVERIFY(page->catalog()->data(page->catalog()->index(row, 6)).toString().contains(QStringLiteral("restorable")));
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("backups-verified"));
    }

    void verifyTellsNotRestorable()
    {
        // Damage a copy on the gateway's disk: the verification must say no.
        takeBackup(QStringLiteral("damaged.db"));
        const QString path = harness->gateway().workDir() + QStringLiteral("/backups/damaged.db");
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        file.seek(file.size() / 2);
        file.write(QByteArray(512, '\x5a'));
        file.close();
        QVERIFY(page->selectBackup(QStringLiteral("damaged.db")));
        QSignalSpy verified(page, &BackupsPage::verified);
        page->verifySelected();
        QVERIFY(verified.wait(20000));
        QTRY_COMPARE_WITH_TIMEOUT(page->verifyBadge()->status(), StatusColors::Status::Bad, 10000);
        QVERIFY(page->verifyBadge()->text().contains(QStringLiteral("NO")));
        QVERIFY2(page->findChild<QLabel *>(QStringLiteral("verifyChecks"))->text().contains(QStringLiteral("checksum does NOT match")),
            qPrintable(page->findChild<QLabel *>(QStringLiteral("verifyChecks"))->text()));
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("backups-not-restorable"));
    }

    // A restore puts an older database in place, and the gateway's records
    // of its backup verifications go with it: every row read "never", the
    // tampered backup's included. The console keeps its own, by digest.
    void verificationsOutliveARestore()
    {
        const QString backups = harness->gateway().workDir() + QStringLiteral("/backups/");
        QString error;
        QVERIFY2(SqliteShell::exec(harness->gateway().databasePath(), QStringLiteral("DELETE FROM backup_verifications"),
                     &error),
            qPrintable(error));
        const QJsonArray gateway = harness->gateway().adminClient().get(QStringLiteral("/v1/admin/backups")).jsonArray();
        for (const QJsonValue &entry : gateway)
            QVERIFY(entry.toObject().value(QStringLiteral("last_verification")).isNull());

        QSignalSpy loaded(page, &BackupsPage::catalogLoaded);
        page->refresh();
        QVERIFY(loaded.wait(10000));
        const auto lastVerification = [this](const QString &name) {
            const int row = page->catalog()->find(QStringLiteral("name"), name);
            return row < 0 ? QString() : page->catalog()->data(page->catalog()->index(row, 6)).toString();
        };
        QVERIFY2(lastVerification(QStringLiteral("before-upgrade.db")).contains(QStringLiteral("✔ restorable")),
            qPrintable(lastVerification(QStringLiteral("before-upgrade.db"))));
        QVERIFY2(lastVerification(QStringLiteral("damaged.db")).contains(QStringLiteral("NOT restorable")),
            qPrintable(lastVerification(QStringLiteral("damaged.db"))));

        // The damaged file's digest beside its manifest's, both in full, in red.
        QVERIFY(page->selectBackup(QStringLiteral("damaged.db")));
        QCOMPARE(page->verifyBadge()->status(), StatusColors::Status::Bad);
        const QString fileSha = Sha256::hashFile(backups + QStringLiteral("damaged.db")).hex;
        const QString manifestSha = page->selectedBackup().value(QStringLiteral("sha256")).toString();
        QVERIFY(fileSha != manifestSha);
        QVERIFY(page->digest()->differs());
        QVERIFY2(page->digest()->text().contains(fileSha), qPrintable(page->digest()->text()));
        QVERIFY(page->digest()->text().contains(manifestSha));
        QVERIFY(page->digest()->text().contains(
            StatusColors::foreground(StatusColors::Status::Bad, page->digest()->palette()).name()));
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("backups-after-restore"));

        // Until the file changes: then nothing is known of it.
        QFile file(backups + QStringLiteral("damaged.db"));
        QVERIFY(file.open(QIODevice::Append));
        file.write(QByteArray(4096, '\0'));
        file.close();
        page->refresh();
        QVERIFY(loaded.wait(10000));
        QCOMPARE(lastVerification(QStringLiteral("damaged.db")), QStringLiteral("never"));
        QVERIFY(lastVerification(QStringLiteral("before-upgrade.db")).contains(QStringLiteral("✔ restorable")));
    }

    void downloadChecksTheDigest()
    {
        QVERIFY(page->selectBackup(QStringLiteral("before-upgrade.db")));
        const QString folder = harness->scratch().filePath(QStringLiteral("downloads"));
        QDir().mkpath(folder);
        QSignalSpy done(page, &BackupsPage::downloadFinished);
        page->downloadSelected(folder);
        QVERIFY(done.wait(20000));
        QVERIFY2(done.first().first().toBool(), qPrintable(page->message()->text()));
        const QString target = QDir(folder).filePath(QStringLiteral("before-upgrade.db"));
        QVERIFY(QFile::exists(target));
        QVERIFY(!QFile::exists(target + QStringLiteral(".partial")));
        const auto hash = Sha256::hashFile(target);
        QCOMPARE(hash.hex, page->selectedBackup().value(QStringLiteral("sha256")).toString());
        QVERIFY(page->message()->text().contains(QStringLiteral("matches the gateway's digest")));
        ConsoleHarness::screenshot(&harness->window(), QStringLiteral("backups-downloaded"));

        // A damaged file on the gateway is not kept: its hash is not the catalog's.
        QVERIFY(page->selectBackup(QStringLiteral("damaged.db")));
        QSignalSpy again(page, &BackupsPage::downloadFinished);
        page->downloadSelected(folder);
        QVERIFY(again.wait(20000));
        QVERIFY(!again.first().first().toBool());
        QVERIFY(!QFile::exists(QDir(folder).filePath(QStringLiteral("damaged.db"))));
        QVERIFY(!QFile::exists(QDir(folder).filePath(QStringLiteral("damaged.db.partial"))));
        QVERIFY(page->message()->text().contains(QStringLiteral("Nothing was kept")));
    }

    void deleteOnlyAfterConfirming()
    {
        QVERIFY(page->selectBackup(QStringLiteral("damaged.db")));
        QSignalSpy deleted(page, &BackupsPage::deleted);
        // The dialog is modal: the answer is given inside deleteSelected(),
        // so a request it sends exists when it returns. No waiting for one
        // that might come: none was made.
        answerNextModal(QStringLiteral("Keep it"), QStringLiteral("delete-confirmation"));
        page->deleteSelected();
        QCOMPARE(deletesInFlight(), 0);
        // And the page, reloaded from the gateway, still lists it.
        QSignalSpy loaded(page, &BackupsPage::catalogLoaded);
        page->refresh();
        QVERIFY(loaded.wait(10000));
        QVERIFY(page->catalog()->find(QStringLiteral("name"), QStringLiteral("damaged.db")) >= 0);
        QVERIFY(QFile::exists(harness->gateway().workDir() + QStringLiteral("/backups/damaged.db")));
        QCOMPARE(deleted.count(), 0);

        answerNextModal(QStringLiteral("Delete backup"));
        page->deleteSelected();
        // The same probe sees the confirmed one: the check above can fail.
        QCOMPARE(deletesInFlight(), 1);
        QVERIFY(deleted.wait(10000));
        QTRY_VERIFY_WITH_TIMEOUT(page->catalog()->find(QStringLiteral("name"), QStringLiteral("damaged.db")) < 0, 10000);
        QVERIFY(!QFile::exists(harness->gateway().workDir() + QStringLiteral("/backups/damaged.db")));
        QVERIFY(!QFile::exists(harness->gateway().workDir() + QStringLiteral("/backups/damaged.db.manifest.json")));
    }

    void keyboardOnly()
    {
        // Ctrl+B opens the dialog, Enter takes the backup.
        harness->window().activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&harness->window()));
        page->setFocus();
        const int before = page->catalog()->rowCount();
        QTest::keyClick(&harness->window(), Qt::Key_B, Qt::ControlModifier);
        TakeBackupDialog *dialog = nullptr;
        QTRY_VERIFY([&] {
            for (TakeBackupDialog *candidate : page->findChildren<TakeBackupDialog *>()) {
                if (candidate->isVisible())
                    dialog = candidate;
            }
            return dialog != nullptr;
        }());
        dialog->setName(QStringLiteral("keyboard.db"));
        QTest::keyClick(dialog->findChild<QLineEdit *>(QStringLiteral("backupName")), Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(page->catalog()->rowCount(), before + 1, 20000);
    }
};

QTEST_MAIN(BackupsTest)
#include "BackupsTest.moc"
