// The write-ahead log stays within AEGIS_WAL_MAX_BYTES under sustained
// authorizations, and /readyz says so when a reader keeps it from being
// reset. Without the writer's restarts the log only ever grows (passive
// checkpoints never let it start over while writes continue).
#include "tests/support/GatewayApi.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QThreadPool>
#include <QtTest>

#include <atomic>
#include <csignal>
#include <thread>

using namespace aegis::test;

namespace {

constexpr qint64 Bound = 1024 * 1024;

// One value of the Prometheus text, or -1.
double metricValue(const QByteArray &text, const QByteArray &name)
{
    const QByteArray prefix = name + ' ';
    for (const QByteArray &line : text.split('\n')) {
        if (line.startsWith(prefix))
            return line.mid(prefix.size()).toDouble();
    }
    return -1;
}

// Authorizations from several agents at once until stopped; counts answers.
class Load
{
public:
    Load(const GatewayApi &api, const QList<QByteArray> &tokens)
    {
        m_pool.setMaxThreadCount(int(tokens.size()));
        for (const QByteArray &token : tokens) {
            m_pool.start([this, agent = api.asAgent(token)] {
                for (int i = 0; !m_stop.load(); ++i) {
                    const QByteArray body = GatewayApi::authorizeBody(QStringLiteral("github"),
                                                                      QStringLiteral("list_%1").arg(i), i % 2 == 0);
                    (agent.post(QStringLiteral("/v1/authorize"), body).status == 200 ? m_ok : m_failed) += 1;
                }
            });
        }
    }
    ~Load() { stop(); }
    void stop()
    {
        m_stop = true;
        m_pool.waitForDone();
    }
    int ok() const { return m_ok.load(); }
    int failed() const { return m_failed.load(); }

private:
    QThreadPool m_pool;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_ok{0};
    std::atomic<int> m_failed{0};
};

// The largest size the -wal file had, sampled every few milliseconds.
class WalSampler
{
public:
    explicit WalSampler(QString path)
        : m_path(std::move(path))
        , m_thread([this] {
            while (!m_stop.load()) {
                const QFileInfo wal(m_path);
                const qint64 size = wal.exists() ? wal.size() : 0;
                if (size > m_max.load())
                    m_max = size;
                std::this_thread::sleep_for(std::chrono::milliseconds(2));
            }
        })
    {
    }
    ~WalSampler()
    {
        m_stop = true;
        m_thread.join();
    }
    qint64 max() const { return m_max.load(); }

private:
    QString m_path;
    std::atomic<bool> m_stop{false};
    std::atomic<qint64> m_max{0};
    std::thread m_thread;
};

} // namespace

class WalBoundTest : public QObject
{
    Q_OBJECT

private:
    QList<QByteArray> registerAgents(GatewayApi &api)
    {
        QList<QByteArray> tokens;
        for (int t = 0; t < 2; ++t) {
            const QString tenant = t == 0 ? QStringLiteral("default") : QStringLiteral("wal-tenant");
            api.createTenant(tenant);
            for (int a = 0; a < 4; ++a)
                tokens.append(api.registerAgent(QStringLiteral("agent-%1").arg(a), tenant));
        }
        return tokens;
    }

    QByteArray metrics(const GatewayProcess &gateway)
    {
        return gateway.adminClient().get(QStringLiteral("/metrics")).body;
    }

private Q_SLOTS:
    void walStaysWithinItsBoundUnderSustainedWrites()
    {
        ScratchDir dir(QStringLiteral("bounded"));
        GatewayProcess gateway(dir.path());
        gateway.setEnv(QStringLiteral("AEGIS_WAL_MAX_BYTES"), QString::number(Bound));
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        GatewayApi api(gateway.adminClient());
        const QList<QByteArray> tokens = registerAgents(api);

        WalSampler sampler(gateway.databasePath() + QStringLiteral("-wal"));
        const double before = metricValue(metrics(gateway), "aegis_db_wal_written_bytes_total");
        Load load(api, tokens);
        // Until the log has taken many times its bound, or two minutes.
        QElapsedTimer clock;
        clock.start();
        double written = 0;
        while (written - before < 12.0 * Bound && clock.elapsed() < 120'000) {
            QTest::qWait(200);
            written = metricValue(metrics(gateway), "aegis_db_wal_written_bytes_total");
        }
        load.stop();

        QVERIFY2(written - before >= 12.0 * Bound,
                 qPrintable(QStringLiteral("only %1 bytes went through the log").arg(written - before)));
        QCOMPARE(load.failed(), 0);
        QVERIFY2(sampler.max() <= 2 * Bound,
                 qPrintable(QStringLiteral("the -wal file reached %1 bytes (bound %2)").arg(sampler.max()).arg(Bound)));
        const QByteArray text = metrics(gateway);
        QVERIFY(metricValue(text, "aegis_db_wal_checkpoints_total{mode=\"restart\"}") >= 5);
        QCOMPARE(metricValue(text, "aegis_db_wal_bound_bytes"), double(Bound));
        QCOMPARE(metricValue(text, "aegis_db_wal_background_checkpoints"), 1.0);

        // Every answer is evidence: as many receipts as 200s, and they verify.
        const QJsonObject summary = api.admin().get(QStringLiteral("/v1/admin/summary")).json();
        QCOMPARE(summary.value(QStringLiteral("receipts")).toInteger(), qint64(load.ok()));
        const QJsonObject verified = api.admin().post(QStringLiteral("/v1/receipts/verify-range"), "{}").json();
        QVERIFY2(verified.value(QStringLiteral("verified")).toBool(), QJsonDocument(verified).toJson().constData());

        const QJsonObject ready = api.admin().get(QStringLiteral("/readyz")).json();
        QCOMPARE(ready.value(QStringLiteral("status")).toString(), QStringLiteral("ready"));
        QCOMPARE(ready.value(QStringLiteral("checkpoints")).toString(), QStringLiteral("background"));
        QCOMPARE(gateway.stop(SIGTERM), 0);
    }

    void readinessFailsWhileAReaderKeepsTheLogAndRecoversAfter()
    {
        ScratchDir dir(QStringLiteral("pinned"));
        GatewayProcess gateway(dir.path());
        gateway.setEnv(QStringLiteral("AEGIS_WAL_MAX_BYTES"), QString::number(Bound));
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        GatewayApi api(gateway.adminClient());
        const QList<QByteArray> tokens = registerAgents(api);
        QVERIFY(api.authorize(tokens.first(), QStringLiteral("github"), QStringLiteral("list")).status == 200);

        // An operator's long read (a sqlite3 shell left in a transaction):
        // no checkpoint may copy past its snapshot, so the log cannot reset.
        {
            QSqlDatabase reader = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("reader"));
            reader.setDatabaseName(gateway.databasePath());
            QVERIFY(reader.open());
            QSqlQuery query(reader);
            QVERIFY(query.exec(QStringLiteral("BEGIN")));
            QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM receipts")) && query.next());

            Load load(api, tokens);
            QTRY_VERIFY_WITH_TIMEOUT(api.admin().get(QStringLiteral("/readyz")).status == 503, 120'000);
            const QJsonObject notReady = api.admin().get(QStringLiteral("/readyz")).json();
            QVERIFY(notReady.value(QStringLiteral("failing")).toArray().contains(QStringLiteral("wal")));
            QVERIFY(notReady.value(QStringLiteral("reasons")).toObject().value(QStringLiteral("wal")).toString().contains(
                QStringLiteral("write-ahead log")));
            QVERIFY(metricValue(metrics(gateway), "aegis_db_wal_restarts_blocked_total") >= 1);

            // The reader lets go: the next restart succeeds and the file is cut back.
            QVERIFY(query.exec(QStringLiteral("COMMIT")));
            query.finish();
            reader.close();
            QTRY_VERIFY_WITH_TIMEOUT(api.admin().get(QStringLiteral("/readyz")).status == 200, 60'000);
            load.stop();
            QCOMPARE(load.failed(), 0);
        }
        QSqlDatabase::removeDatabase(QStringLiteral("reader"));
        QVERIFY(api.admin().get(QStringLiteral("/readyz")).json().value(QStringLiteral("wal_bytes")).toInteger() <= 2 * Bound);
        QCOMPARE(gateway.stop(SIGTERM), 0);
    }
};

QTEST_GUILESS_MAIN(WalBoundTest)
#include "WalBoundTest.moc"
