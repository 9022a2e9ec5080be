// Work that must not hold up the HTTP thread, the bounded queues it waits
// in, and a shutdown while it runs — against the real gateway.
//
// Slow file work is made slow on purpose, and deterministically, with a
// named pipe in place of a backup's manifest: whoever reads that manifest
// blocks until the test writes to the pipe.
#include "tests/support/GatewayApi.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/PendingRequest.h"
#include "tests/support/ReceiptChainBuilder.h"
#include "tests/support/ScratchDir.h"
#include "tests/support/SqliteShell.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QtTest>

#include <algorithm>
#include <csignal>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

using namespace aegis::test;

namespace {

// A backup whose manifest is a named pipe: reading its manifest blocks
// until release().
class StuckBackup
{
public:
    StuckBackup(const QString &backupDir, const QString &name)
        : m_manifest(QDir(backupDir).filePath(name + QStringLiteral(".manifest.json")))
    {
        QDir().mkpath(backupDir);
        QFile file(QDir(backupDir).filePath(name));
        m_ok = file.open(QIODevice::WriteOnly) && file.write("not a database") > 0;
        file.close();
        m_ok = m_ok && ::mkfifo(QFile::encodeName(m_manifest).constData(), 0600) == 0;
    }
    ~StuckBackup() { release(); }

    bool isOk() const { return m_ok; }
    // True once somebody is blocked reading the manifest; from then on the
    // reader stays blocked (on read) until release().
    bool hasReader()
    {
        if (m_writer < 0)
            m_writer = ::open(QFile::encodeName(m_manifest).constData(), O_WRONLY | O_NONBLOCK);
        return m_writer >= 0;
    }
    // The reader gets an end of file: a manifest that cannot be parsed.
    void release()
    {
        if (m_writer >= 0)
            ::close(m_writer);
        m_writer = -1;
    }

private:
    QString m_manifest;
    int m_writer = -1;
    bool m_ok = false;
};

QByteArray verifyRangeBody()
{
    return QByteArrayLiteral("{\"tenant_id\":\"default\"}");
}

} // namespace

class BackgroundWorkTest : public QObject
{
    Q_OBJECT

private:
    // A database whose default chain takes the gateway seconds to verify.
    static bool buildLongChain(const QString &databasePath, int receipts)
    {
        QElapsedTimer clock;
        clock.start();
        QDir().mkpath(QFileInfo(databasePath).absolutePath());
        ReceiptChainBuilder::Options options;
        options.walMode = true;
        ReceiptChainBuilder builder(databasePath, options);
        if (!builder.open() || !builder.addReceipts(QStringLiteral("default"), receipts)) {
            qWarning("%s", qPrintable(builder.errorString()));
            return false;
        }
        builder.close();
        qInfo("%d receipts built in %lld ms", receipts, static_cast<long long>(clock.elapsed()));
        return true;
    }

private Q_SLOTS:
    // The approve-then-swap of resources: agents' verification jobs fill
    // their own queue and are refused, an operator's backup is still
    // admitted and runs before the agent job that waits.
    void agentWorkIsBoundedAndAdminWorkGoesFirst()
    {
        ScratchDir dir(QStringLiteral("admission"));
        GatewayProcess gateway(dir.path());
        QVERIFY(buildLongChain(gateway.databasePath(), 60000));
        gateway.setEnv(QStringLiteral("AEGIS_WORKER_THREADS"), QStringLiteral("1"));
        gateway.setEnv(QStringLiteral("AEGIS_WORK_QUEUE"), QStringLiteral("1"));
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        GatewayApi api(gateway.adminClient());
        const QByteArray agent = api.registerAgent(QStringLiteral("verifier"));
        QVERIFY(!agent.isEmpty());

        // One runs on the only worker, one waits, the third finds the queue
        // full: which of them is which depends on arrival only.
        std::vector<std::unique_ptr<PendingRequest>> agents;
        for (int i = 0; i < 3; ++i) {
            agents.push_back(std::make_unique<PendingRequest>(gateway.port(), "POST", QStringLiteral("/v1/receipts/verify-range"),
                                                              agent, verifyRangeBody()));
            QVERIFY(agents.back()->isSent());
        }
        // Even a cheap agent job (the chain head's count) waits in that queue.
        const HttpTestResponse refusedHead = api.asAgent(agent).get(QStringLiteral("/v1/receipts/chain-head"));
        QCOMPARE(refusedHead.status, 429);
        QCOMPARE(refusedHead.header("Retry-After"), QByteArray("5"));
        QCOMPARE(refusedHead.json().value(QStringLiteral("error")).toString(), QStringLiteral("too_many_requests"));

        // The operator is not refused by the agents' backlog.
        PendingRequest backup(gateway.port(), "POST", QStringLiteral("/v1/admin/backup"), gateway.adminToken(),
                              QByteArrayLiteral("{\"filename\":\"operator.db\"}"));
        QVERIFY(backup.isSent());
        QElapsedTimer clock;
        clock.start();
        const HttpTestResponse backupAnswer = backup.response(300000);
        qInfo("the backup answered after %lld ms", static_cast<long long>(clock.elapsed()));
        QVERIFY2(backupAnswer.status == 200, backupAnswer.body.constData());
        // It ran before the agent job that was waiting: when its answer
        // came, at most the admitted agent job that was running had answered.
        QList<bool> answeredBefore;
        for (auto &request : agents)
            answeredBefore.append(request->hasAnswered());

        int verified = 0;
        int refused = 0;
        int verifiedBeforeBackup = 0;
        for (size_t i = 0; i < agents.size(); ++i) {
            const HttpTestResponse answer = agents[i]->response(300000);
            if (answer.status == 429) {
                ++refused;
                QCOMPARE(answer.header("Retry-After"), QByteArray("5"));
            } else {
                QCOMPARE(answer.status, 200);
                QCOMPARE(answer.json().value(QStringLiteral("verified")).toBool(), true);
                ++verified;
                verifiedBeforeBackup += answeredBefore.at(qsizetype(i)) ? 1 : 0;
            }
        }
        QVERIFY2(verifiedBeforeBackup <= 1, "the waiting agent job ran before the operator's backup");
        QCOMPARE(refused, 1);
        QCOMPARE(verified, 2);
        // Once the queue drains, agents are admitted again.
        QCOMPARE(api.asAgent(agent).get(QStringLiteral("/v1/receipts/chain-head")).status, 200);
        QCOMPARE(gateway.stop(SIGTERM), 0);
    }

    // A backup's manifest read and its deletion run on a worker: the HTTP
    // thread keeps answering while they are stuck.
    void healthAnswersWhileBackupFileWorkIsStuck()
    {
        ScratchDir dir(QStringLiteral("responsive"));
        GatewayProcess gateway(dir.path());
        QVERIFY(buildLongChain(gateway.databasePath(), 2000));
        StuckBackup stuck(dir.filePath(QStringLiteral("backups")), QStringLiteral("stuck.db"));
        QVERIFY(stuck.isOk());
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));

        for (const QByteArray &method : {QByteArray("GET"), QByteArray("DELETE")}) {
            PendingRequest request(gateway.port(), method, QStringLiteral("/v1/admin/backups/stuck.db"),
                                   gateway.adminToken());
            QVERIFY(request.isSent());
            QTRY_VERIFY_WITH_TIMEOUT(stuck.hasReader(), 30000);

            // Counting the chain runs meanwhile as well.
            PendingRequest head(gateway.port(), "GET", QStringLiteral("/v1/receipts/chain-head"), gateway.adminToken());
            QList<qint64> latencies;
            const HttpTestClient client = gateway.client();
            for (int i = 0; i < 50; ++i) {
                QElapsedTimer clock;
                clock.start();
                const HttpTestResponse health = client.get(QStringLiteral("/health"));
                latencies.append(clock.elapsed());
                QCOMPARE(health.status, 200);
            }
            std::sort(latencies.begin(), latencies.end());
            qInfo("%s stuck: /health p50 %lld ms, p99 %lld ms, max %lld ms", method.constData(),
                  latencies.at(latencies.size() / 2), latencies.at(latencies.size() * 99 / 100), latencies.last());
            // Generous for a sanitizer build on a busy machine; a blocked
            // HTTP thread answers nothing at all until the pipe is written.
            QVERIFY2(latencies.last() < 500, "a /health answer took 500 ms or more");
            QCOMPARE(head.response().status, 200);
            QCOMPARE(head.response().json().value(QStringLiteral("count")).toInt(), 2000);
            QVERIFY(!request.hasAnswered());

            stuck.release();
            const HttpTestResponse answer = request.response();
            if (method == "GET") {
                QCOMPARE(answer.status, 200);
                QVERIFY(!answer.json().value(QStringLiteral("manifest_error")).toString().isEmpty());
            } else {
                QCOMPARE(answer.status, 204);
            }
        }
        QVERIFY(!QFileInfo::exists(dir.filePath(QStringLiteral("backups/stuck.db"))));
        QCOMPARE(gateway.stop(SIGTERM), 0);
    }

    // SIGTERM while a scheduled backup is running on a worker: the gateway
    // waits for it (the backup's work uses the scheduler) and exits 0; a
    // use after free would end in the sanitizer's abort instead.
    void shutdownDuringAScheduledBackupExitsCleanly()
    {
        ScratchDir dir(QStringLiteral("scheduled"));
        GatewayProcess gateway(dir.path());
        QVERIFY(buildLongChain(gateway.databasePath(), 200));
        // The scheduler reads every manifest before a backup: it gets stuck
        // on this one, inside the worker.
        StuckBackup stuck(dir.filePath(QStringLiteral("backups")), QStringLiteral("stuck.db"));
        QVERIFY(stuck.isOk());
        gateway.setEnv(QStringLiteral("AEGIS_BACKUP_INTERVAL"), QStringLiteral("1s"));
        gateway.setEnv(QStringLiteral("AEGIS_SHUTDOWN_GRACE"), QStringLiteral("200ms"));
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        QTRY_VERIFY_WITH_TIMEOUT(stuck.hasReader(), 30000);

        ::kill(pid_t(gateway.pid()), SIGTERM);
        // Past the grace period the gateway waits for the worker; only then
        // may the backup go on, with the scheduler torn down if it were not
        // kept until the workers are done.
        QTRY_VERIFY_WITH_TIMEOUT(gateway.output().contains(QStringLiteral("still running after the grace period")), 30000);
        stuck.release();
        QCOMPARE(gateway.waitForExit(60000), 0);
        QVERIFY2(!gateway.output().contains(QStringLiteral("AddressSanitizer")), qPrintable(gateway.output().right(4000)));
    }

    // A long export to a client that does not read: between its pieces the
    // gateway holds no read transaction, so a checkpoint can still empty
    // the WAL, and the export stays the chain as it was when it started.
    void slowExportKeepsNoReadTransaction()
    {
        ScratchDir dir(QStringLiteral("export"));
        GatewayProcess gateway(dir.path());
        const int stored = 40000; // tens of megabytes: far more than socket buffers hold
        QVERIFY(buildLongChain(gateway.databasePath(), stored));
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        GatewayApi api(gateway.adminClient());
        const QByteArray agent = api.registerAgent(QStringLiteral("writer"));
        // Frames in the WAL that the export's reads see.
        QCOMPARE(api.authorize(agent, QStringLiteral("t"), QStringLiteral("before")).status, 200);

        PendingRequest exportRequest(gateway.port(), "GET", QStringLiteral("/v1/receipts/export?tenant_id=default"),
                                     gateway.adminToken());
        QVERIFY(exportRequest.isSent());
        QTRY_VERIFY_WITH_TIMEOUT(exportRequest.hasAnswered(), 30000);
        // Frames that an export holding its snapshot would keep the
        // checkpoint from copying.
        QCOMPARE(api.authorize(agent, QStringLiteral("t"), QStringLiteral("during")).status, 200);

        const QString db = gateway.databasePath();
        QCOMPARE(SqliteShell::scalar(db, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")).toInt(), 0); // not busy
        QCOMPARE(QFileInfo(db + QStringLiteral("-wal")).size(), 0);

        const HttpTestResponse answer = exportRequest.response(300000);
        QCOMPARE(answer.status, 200);
        QVERIFY2(answer.error.isEmpty(), qPrintable(answer.error));
        const QJsonArray receipts = answer.json().value(QStringLiteral("receipts")).toArray();
        // The chain as it was when the export began: the call made during
        // it is not included.
        QCOMPARE(receipts.size(), stored + 1);
        QCOMPARE(receipts.last().toObject().value(QStringLiteral("action")).toString(), QStringLiteral("before"));
        QCOMPARE(gateway.stop(SIGTERM), 0);
    }
};

QTEST_GUILESS_MAIN(BackgroundWorkTest)
#include "BackgroundWorkTest.moc"
