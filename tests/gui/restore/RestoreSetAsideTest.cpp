// The old databases earlier restores set aside beside the live one, on the
// Restore page: listed (the readable UTC names and the unix-time names of
// earlier versions alike), archived into the backup directory with a
// pre-restore manifest (the gateway's catalog then lists it apart, and the
// overview's newest backup stays the real one although the old database is
// newer), and deleted only after a confirmation whose default keeps them.
#include "common/backup/BackupManifest.h"
#include "common/backup/BackupName.h"
#include "common/util/FileSync.h"
#include "common/util/Timestamp.h"
#include "console/pages/BackupsPage.h"
#include "console/pages/OverviewPage.h"
#include "console/models/JsonArrayModel.h"
#include "console/restore/ChooseBackupPage.h"
#include "console/restore/RestorePage.h"
#include "console/restore/RestoreWizard.h"
#include "console/restore/SetAsideSection.h"
#include "console/widgets/MessagePanel.h"
#include "tests/gui/ModalAnswer.h"
#include "tests/gui/restore/RestoreConsole.h"

#include <QLabel>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QTableWidget>
#include <QtTest>

using namespace aegis;
using namespace aegis::console;
using namespace aegis::test;

class RestoreSetAsideTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
    }

    void listsArchivesAndDeletesSetAsideDatabases()
    {
        RestoreConsole console(QStringLiteral("set-aside"));
        QString error;
        QVERIFY2(console.prepare(&error), qPrintable(error));
        RestoreScenario &scenario = console.scenario();
        const QString database = scenario.database();

        // Two restores' leftovers: one named the way earlier versions did
        // (a unix time, with its -wal), one newer than the backup.
        const QDateTime older = QDateTime::currentDateTimeUtc().addDays(-3);
        const QString oldStyle = database + QStringLiteral(".bad-%1").arg(older.toSecsSinceEpoch());
        QVERIFY(QFile::copy(scenario.backup(), oldStyle));
        QVERIFY(FileSync::writeFile(oldStyle + QStringLiteral("-wal"), QByteArray(), 0600, false, nullptr));
        const QString stamp = Timestamp::compact(QDateTime::currentDateTimeUtc().addSecs(3600));
        const QString readable = database + QStringLiteral(".bad-") + stamp;
        QVERIFY(QFile::copy(scenario.backup(), readable));

        QVERIFY2(console.connect(console.profile(true), &error), qPrintable(error));
        console.window().resize(1024, 700);
        console.window().showPage(QStringLiteral("restore"));
        RestorePage *page = console.page();
        SetAsideSection *section = page->setAsideSection();
        page->refresh();
        QTRY_COMPARE_WITH_TIMEOUT(section->sets().size(), 2, 10000);
        QTRY_VERIFY(!section->isHidden());
        QCOMPARE(section->table()->rowCount(), 2);
        QCOMPARE(section->sets().at(0).stampText, stamp); // newest first
        QVERIFY(section->table()->item(1, 1)->text().contains(QStringLiteral("-wal")));
        QVERIFY(section->archiveButton()->isEnabled());
        RestoreConsole::shot(&console.window(), QStringLiteral("set-aside-list"));

        // Archive the newer one: into the backup directory, with its manifest.
        section->table()->selectRow(0);
        QSignalSpy disposed(section, &SetAsideSection::disposed);
        section->archiveButton()->click();
        QVERIFY(disposed.wait(30000));
        QCOMPARE(disposed.takeFirst().at(0).toBool(), true);
        QTRY_COMPARE(section->sets().size(), 1);
        QCOMPARE(section->message()->status(), StatusColors::Status::Good);
        const QString archivedName = QStringLiteral("aegisagent.pre-restore-%1.db").arg(stamp);
        const QString archived = scenario.dir() + QStringLiteral("/backups/") + archivedName;
        QVERIFY(!QFileInfo::exists(readable));
        QCOMPARE(RestoreScenario::sha256Of(archived), RestoreScenario::sha256Of(scenario.backup()));
        const auto manifest = BackupManifest::load(archived + QStringLiteral(".manifest.json"), &error);
        QVERIFY2(manifest, qPrintable(error));
        QCOMPARE(manifest->kind, BackupKind::PreRestore);
        RestoreConsole::shot(&console.window(), QStringLiteral("set-aside-archived"));

        // The Backups page lists it apart, below the backups, marked.
        auto *backups = qobject_cast<BackupsPage *>(console.window().page(PageRegistry::Backups));
        console.window().showPage(PageRegistry::Backups);
        QSignalSpy loaded(backups, &BackupsPage::catalogLoaded);
        backups->refresh();
        QVERIFY(loaded.wait(10000));
        JsonArrayModel *catalog = backups->catalog();
        QCOMPARE(catalog->rowCount(), 2);
        const int kindColumn = catalog->columnCount() - 1;
        QCOMPARE(catalog->data(catalog->index(0, 0)).toString(), QStringLiteral("before-upgrade.db"));
        QCOMPARE(catalog->data(catalog->index(1, 0)).toString(), archivedName);
        QVERIFY2(catalog->data(catalog->index(1, kindColumn)).toString().contains(QStringLiteral("set aside by a restore")),
                 qPrintable(catalog->data(catalog->index(1, kindColumn)).toString()));
        backups->table()->selectRow(1);
        // At 1024 px the long archived name gives way: every column, Kind
        // included, is on screen without a horizontal scrollbar.
        QTRY_COMPARE(backups->table()->horizontalScrollBar()->maximum(), 0);
        QVERIFY(backups->table()->columnViewportPosition(kindColumn) < backups->table()->viewport()->width());
        QCOMPARE(catalog->data(catalog->index(1, 0), Qt::ToolTipRole).toString(), archivedName);
        RestoreConsole::shot(&console.window(), QStringLiteral("set-aside-backups-page"));

        // The overview's newest backup is still the real one.
        auto *overview = qobject_cast<OverviewPage *>(console.window().page(PageRegistry::Overview));
        console.window().showPage(PageRegistry::Overview);
        QSignalSpy refreshed(overview, &OverviewPage::refreshed);
        overview->refresh();
        QVERIFY(refreshed.wait(10000));
        QTRY_COMPARE(overview->findChild<QLabel *>(QStringLiteral("backupName"))->text(), QStringLiteral("before-upgrade.db"));
        RestoreConsole::shot(&console.window(), QStringLiteral("set-aside-overview"));

        // The wizard offers it too (it can be restored), marked as what it is.
        RestoreWizard *wizard = console.openWizard(&error);
        QVERIFY2(wizard, qPrintable(error));
        JsonArrayModel *choices = wizard->choosePage()->catalog();
        QTRY_VERIFY_WITH_TIMEOUT(choices->rowCount() == 2, 15000);
        const int archivedRow = choices->find(QStringLiteral("name"), archivedName);
        QVERIFY(archivedRow >= 0);
        QVERIFY2(choices->data(choices->index(archivedRow, 0)).toString().contains(QStringLiteral("set aside by a restore")),
                 qPrintable(choices->data(choices->index(archivedRow, 0)).toString()));
        const int backupRow = choices->find(QStringLiteral("name"), QStringLiteral("before-upgrade.db"));
        QCOMPARE(choices->data(choices->index(backupRow, 0)).toString(), QStringLiteral("before-upgrade.db"));
        wizard->reject();

        // Delete the old-style one: "Keep them" (the default) keeps them.
        console.window().showPage(QStringLiteral("restore"));
        section->table()->selectRow(0);
        answerNextModal(QStringLiteral("Keep them"), QStringLiteral("restore-set-aside-delete-confirm"));
        section->deleteButton()->click();
        QVERIFY(QFileInfo::exists(oldStyle));
        QCOMPARE(section->sets().size(), 1);
        answerNextModal(QStringLiteral("Delete files"));
        section->deleteButton()->click();
        QVERIFY(disposed.wait(30000));
        QCOMPARE(disposed.takeFirst().at(0).toBool(), true);
        QTRY_VERIFY(section->sets().isEmpty());
        QVERIFY(!QFileInfo::exists(oldStyle));
        QVERIFY(!QFileInfo::exists(oldStyle + QStringLiteral("-wal")));
        QVERIFY(QFileInfo::exists(database));
        QVERIFY(section->message()->text().contains(QStringLiteral("deleted")));
        RestoreConsole::shot(&console.window(), QStringLiteral("set-aside-deleted"));
    }
};

QTEST_MAIN(RestoreSetAsideTest)
#include "RestoreSetAsideTest.moc"
