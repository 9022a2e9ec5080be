#include "gateway/backup/BackupMetrics.h"
#include "gateway/backup/BackupScheduler.h"
#include "gateway/backup/BackupService.h"
#include "gateway/http/BackgroundRunner.h"
#include "gateway/storage/Database.h"
#include "gateway/storage/Migration.h"
#include "gateway/storage/MigrationRunner.h"
#include "gateway/storage/ScopedConnection.h"
#include "gateway/storage/StatementCache.h"
#include "gateway/storage/WriteQueue.h"

#include "tests/support/ScratchDir.h"
#include "tests/unit/restore/support/FakeClock.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

#include <atomic>
#include <memory>

using namespace aegis;
using namespace std::chrono_literals;

// The scheduler's rounds driven by hand with a fake clock: each round is
// an hour later, so that every backup has a name of its own, and "nothing
// happens" is seen after a round that ran instead of after a wait.
class BackupSchedulerTest : public QObject
{
    Q_OBJECT

private:
    struct RecordedBackups : BackupMetrics
    {
        void recordBackup(bool ok, qint64, qint64, qint64) override { (ok ? succeeded : failed) += 1; }
        std::atomic<int> succeeded{0};
        std::atomic<int> failed{0};
    };

    struct Stack
    {
        explicit Stack(const QString &dir, int keep)
            : database({dir + QStringLiteral("/aegis.db")})
            , writer(database, nullptr)
            , runner(2, 4)
            , backups(dir + QStringLiteral("/backups"), database, MigrationSet::embedded().latestVersion(),
                      QStringLiteral("test"))
            , scheduler(backups, database, runner, writer, metrics, clock, 1h, keep)
        {
        }

        Database database;
        WriteQueue writer;
        BackgroundRunner runner;
        BackupService backups;
        RecordedBackups metrics;
        test::FakeClock clock;
        BackupScheduler scheduler;
    };

    std::unique_ptr<test::ScratchDir> dir;
    std::unique_ptr<Stack> stack;

    QStringList automatic() const
    {
        return QDir(dir->filePath(QStringLiteral("backups"))).entryList({QStringLiteral("aegis-auto-*.db")}, QDir::Files);
    }

    // One round an hour after the last, waited for until its work is done.
    bool round()
    {
        stack->clock.advance(1h);
        stack->scheduler.tick();
        return QTest::qWaitFor([this] { return stack->runner.active() == 0; }, 30000);
    }

    bool write(const QString &sql)
    {
        WriteQueue::Job job;
        job.work = [sql](StatementCache &context, QString *error) {
            auto query = context.prepared(sql);
            if (query->exec())
                return true;
            *error = query->lastError().text();
            return false;
        };
        QString error;
        const bool committed = stack->writer.submitAndWait(std::move(job), &error);
        if (!committed)
            qWarning("%s", qPrintable(error));
        return committed;
    }

private Q_SLOTS:
    void init()
    {
        dir = std::make_unique<test::ScratchDir>(QStringLiteral("scheduler"));
        stack = std::make_unique<Stack>(dir->path(), 2);
        {
            ScopedConnection setup(stack->database, QStringLiteral("setup"));
            QVERIFY(MigrationRunner::run(setup.db(), MigrationSet::embedded()).ok());
        }
        QString error;
        QVERIFY2(stack->writer.start(&error), qPrintable(error));
        QStringList leftovers;
        QVERIFY2(stack->backups.prepare(&error, &leftovers), qPrintable(error));
    }

    void cleanup()
    {
        stack->scheduler.stop();
        stack->runner.shutdown(30000);
        stack->writer.stop();
        stack.reset();
        dir.reset();
    }

    void retentionKeepsTheNewestAutomaticBackupsOnly()
    {
        QString message;
        QCOMPARE(stack->backups.reserve(QStringLiteral("manual.db"), &message), 0);
        QCOMPARE(stack->backups.create(QStringLiteral("manual.db"), false, {}).status, 200);
        stack->backups.release(QStringLiteral("manual.db"));
        // An old database a restore archived, newer than any round: the
        // operator's, neither counted among the automatic ones nor deleted.
        const QString preRestore = dir->filePath(QStringLiteral("backups/aegis.pre-restore-20991231T000000Z.db"));
        QVERIFY(QFile::copy(dir->filePath(QStringLiteral("backups/manual.db")), preRestore));

        // Change something before every round, for five rounds.
        QStringList seen;
        for (int i = 1; i <= 5; ++i) {
            QVERIFY(write(QStringLiteral("INSERT INTO tenants (id, name, created_at) VALUES ('t%1', 't', 'now')").arg(i)));
            QVERIFY(round());
            for (const QString &name : automatic())
                if (!seen.contains(name))
                    seen.append(name);
        }
        QCOMPARE(seen.size(), 5);
        QCOMPARE(stack->metrics.succeeded.load(), 5);
        // The two kept are the newest ones.
        seen.sort();
        QCOMPARE(automatic(), seen.mid(3));
        QVERIFY(QFileInfo::exists(dir->filePath(QStringLiteral("backups/manual.db"))));
        QVERIFY(QFileInfo::exists(preRestore));

        // Nothing changes any more: no new automatic backup, and the log says why.
        const QStringList quiet = automatic();
        QTest::ignoreMessage(QtInfoMsg, "nothing changed since the last automatic backup; skipped");
        QVERIFY(round());
        QCOMPARE(automatic(), quiet);
        QCOMPARE(stack->metrics.succeeded.load(), 5);

        // A change of configuration alone is worth a backup too.
        QVERIFY(write(QStringLiteral("INSERT INTO policies (tenant_id, rules, updated_at) VALUES ('t1', '[]', 'now')")));
        QVERIFY(round());
        QVERIFY(automatic() != quiet);
        QCOMPARE(stack->metrics.succeeded.load(), 6);
        QCOMPARE(stack->metrics.failed.load(), 0);
    }
};

QTEST_GUILESS_MAIN(BackupSchedulerTest)
#include "BackupSchedulerTest.moc"
