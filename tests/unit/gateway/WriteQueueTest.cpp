#include "gateway/storage/Database.h"
#include "gateway/storage/MigrationRunner.h"
#include "gateway/storage/ScopedConnection.h"
#include "gateway/storage/StatementCache.h"
#include "gateway/storage/WalCheckpoints.h"
#include "gateway/storage/WriteQueue.h"

#include "tests/support/ScratchDir.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QSemaphore>
#include <QThreadPool>
#include <QtConcurrent>
#include <QtTest>

#include <atomic>

using namespace aegis;

class WriteQueueTest : public QObject
{
    Q_OBJECT

private:
    static WriteQueue::Job insertTenant(const QString &id, std::atomic<int> *ok, std::atomic<int> *failed)
    {
        WriteQueue::Job job;
        job.work = [id](StatementCache &context, QString *error) {
            auto query = context.prepared(QStringLiteral("INSERT INTO tenants (id, name, created_at) VALUES (?, ?, 'now')"));
            query->addBindValue(id);
            query->addBindValue(id);
            if (query->exec())
                return true;
            *error = query->lastError().text();
            return false;
        };
        job.done = [ok, failed](bool committed, const QString &) { (committed ? *ok : *failed) += 1; };
        return job;
    }

    static int count(Database &database, const QString &sql)
    {
        ScopedConnection reader(database, QStringLiteral("reader"));
        QSqlQuery query(reader.db());
        if (!query.exec(sql) || !query.next())
            return -1;
        return query.value(0).toInt();
    }

    static void migrate(Database &database)
    {
        ScopedConnection setup(database, QStringLiteral("setup"));
        QVERIFY(MigrationRunner::run(setup.db(), MigrationSet::embedded()).ok());
    }

private Q_SLOTS:
    void oneFailingJobDoesNotTakeTheOthersWithIt()
    {
        test::ScratchDir dir(QStringLiteral("savepoints"));
        Database database({dir.filePath(QStringLiteral("a.db"))});
        migrate(database);

        WriteQueue queue(database, nullptr);
        QString error;
        QVERIFY2(queue.start(&error), qPrintable(error));
        std::atomic<int> ok{0};
        std::atomic<int> failed{0};
        // Hold the writer inside a first job, so that the three below queue
        // up and are written as one batch: the failing one can then only
        // be isolated by running each job in a savepoint.
        QSemaphore holding;
        QSemaphore release;
        WriteQueue::Job holder;
        holder.work = [&](StatementCache &, QString *) {
            holding.release();
            release.acquire();
            return true;
        };
        holder.done = [](bool, const QString &) {};
        holder.changesData = false;
        queue.submit(std::move(holder));
        QVERIFY(holding.tryAcquire(1, 30000));
        const quint64 transactionsBefore = queue.transactionCount();
        queue.submit(insertTenant(QStringLiteral("a1"), &ok, &failed));
        queue.submit(insertTenant(QStringLiteral("BAD ID"), &ok, &failed)); // violates the CHECK
        queue.submit(insertTenant(QStringLiteral("a2"), &ok, &failed));
        release.release();
        queue.stop();
        // The holder's transaction, then one for the three.
        QCOMPARE(queue.transactionCount() - transactionsBefore, quint64(2));
        QCOMPARE(ok.load(), 2);
        QCOMPARE(failed.load(), 1);
        QCOMPARE(count(database, QStringLiteral("SELECT count(*) FROM tenants WHERE id IN ('a1', 'a2')")), 2);
        QCOMPARE(queue.dataChangeCount(), quint64(2));
    }

    void concurrentSubmittersAreCommittedTogether()
    {
        test::ScratchDir dir(QStringLiteral("group-commit"));
        Database database({dir.filePath(QStringLiteral("a.db"))});
        migrate(database);

        WriteQueue queue(database, nullptr);
        QString error;
        QVERIFY(queue.start(&error));
        std::atomic<int> ok{0};
        std::atomic<int> failed{0};
        constexpr int Submitters = 8;
        constexpr int PerSubmitter = 250;
        QThreadPool pool;
        pool.setMaxThreadCount(Submitters);
        for (int s = 0; s < Submitters; ++s) {
            pool.start([&, s] {
                for (int i = 0; i < PerSubmitter; ++i)
                    queue.submit(insertTenant(QStringLiteral("t%1-%2").arg(s).arg(i), &ok, &failed));
            });
        }
        pool.waitForDone();
        queue.stop();
        QCOMPARE(ok.load(), Submitters * PerSubmitter);
        QCOMPARE(failed.load(), 0);
        QCOMPARE(count(database, QStringLiteral("SELECT count(*) FROM tenants")), Submitters * PerSubmitter + 1);
        // Group commit: far fewer transactions than jobs.
        QVERIFY2(queue.transactionCount() < quint64(Submitters * PerSubmitter),
                 qPrintable(QString::number(queue.transactionCount())));
    }

    void submitAfterStopFailsClearly()
    {
        test::ScratchDir dir(QStringLiteral("stopped"));
        Database database({dir.filePath(QStringLiteral("a.db"))});
        migrate(database);
        WriteQueue queue(database, nullptr);
        QString error;
        QVERIFY(queue.start(&error));
        QVERIFY(queue.isHealthy());
        queue.stop();
        QVERIFY(!queue.isHealthy());
        QString reason;
        WriteQueue::Job job;
        job.work = [](StatementCache &, QString *) { return true; };
        job.done = [&reason](bool committed, const QString &message) {
            QVERIFY(!committed);
            reason = message;
        };
        queue.submit(job);
        QVERIFY(reason.contains(QStringLiteral("not running")));
    }

    // Without a checkpoint thread the writer still bounds the log: its WAL
    // hook runs SQLite's automatic checkpoints, and it resets the log
    // between batches once the log passes the bound.
    void theWriterBoundsTheLogWithoutACheckpointThread()
    {
        test::ScratchDir dir(QStringLiteral("wal"));
        const QString path = dir.filePath(QStringLiteral("a.db"));
        Database database({path});
        migrate(database);
        constexpr qint64 Bound = 64 * 1024;
        WalCheckpoints wal(path, Bound, std::chrono::milliseconds(5000));
        WriteQueue queue(database, nullptr, 4);
        queue.setWalCheckpoints(&wal);
        QString error;
        QVERIFY(queue.start(&error));

        std::atomic<int> ok{0};
        std::atomic<int> failed{0};
        qint64 largest = 0;
        constexpr int Jobs = 3000;
        for (int i = 0; i < Jobs; ++i)
            queue.submit(insertTenant(QStringLiteral("tenant-%1").arg(i), &ok, &failed));
        QElapsedTimer clock;
        clock.start();
        while (ok.load() + failed.load() < Jobs && clock.elapsed() < 60000) {
            largest = std::max(largest, QFileInfo(path + QStringLiteral("-wal")).size());
            QThread::msleep(2);
        }
        QCOMPARE(ok.load() + failed.load(), Jobs);
        QCOMPARE(failed.load(), 0);

        const WalCheckpoints::Snapshot after = wal.snapshot();
        QVERIFY(!after.background);
        QVERIFY2(after.writtenBytes > quint64(10 * Bound), qPrintable(QString::number(after.writtenBytes)));
        QVERIFY(after.restarts > 0);
        QVERIFY2(largest <= 3 * Bound, qPrintable(QString::number(largest)));
        QVERIFY(after.fileBytes <= 3 * Bound);
        queue.stop();
        QCOMPARE(count(database, QStringLiteral("SELECT count(*) FROM tenants WHERE id LIKE 'tenant-%'")), Jobs);
    }

    void doneRunsOnTheContextThread()
    {
        test::ScratchDir dir(QStringLiteral("context"));
        Database database({dir.filePath(QStringLiteral("a.db"))});
        migrate(database);
        QObject context;
        WriteQueue queue(database, &context);
        QString error;
        QVERIFY(queue.start(&error));
        QThread *ranOn = nullptr;
        WriteQueue::Job job;
        job.work = [](StatementCache &, QString *) { return true; };
        job.done = [&ranOn](bool, const QString &) { ranOn = QThread::currentThread(); };
        queue.submit(job);
        QTRY_VERIFY(ranOn != nullptr);
        QCOMPARE(ranOn, QThread::currentThread());
        queue.stop();
    }
};

QTEST_GUILESS_MAIN(WriteQueueTest)
#include "WriteQueueTest.moc"
