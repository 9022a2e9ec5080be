// The receipt chains under concurrency, tampering and signing, verified
// three ways (and a forged signature by backup verification too): by the gateway's verify-chain (a list), by its verify-range
// (the stored chains) and offline by aegis-verify-receipts.
#include "tests/support/CliRun.h"
#include "tests/support/GatewayApi.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"
#include "tests/support/SqliteShell.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtConcurrent>
#include <QtTest>

#include <csignal>

using namespace aegis::test;

namespace {

CliRun runCli(const QStringList &arguments)
{
    return CliRun::run(QStringLiteral(AEGIS_VERIFY_RECEIPTS_BINARY), arguments);
}

QJsonObject firstFailure(const QJsonObject &report, const QString &tenant)
{
    return report.value(QStringLiteral("tenants")).toObject().value(tenant).toObject().value(QStringLiteral("first_failure")).toObject();
}

} // namespace

class ReceiptChainTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void concurrentAuthorizationsKeepEveryChainLinear()
    {
        ScratchDir dir(QStringLiteral("concurrency"));
        GatewayProcess gateway(dir.path());
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        GatewayApi api(gateway.adminClient());

        constexpr int Tenants = 4;
        constexpr int AgentsPerTenant = 4;
        constexpr int CallsPerAgent = 25;
        QList<QByteArray> tokens;
        for (int t = 0; t < Tenants; ++t) {
            const QString tenant = t == 0 ? QStringLiteral("default") : QStringLiteral("tenant-%1").arg(t);
            QVERIFY(api.createTenant(tenant));
            for (int a = 0; a < AgentsPerTenant; ++a)
                tokens.append(api.registerAgent(QStringLiteral("agent-%1").arg(a), tenant));
        }
        // Every agent hammers at once; half the calls carry a request id
        // that is sent twice.
        QThreadPool pool;
        pool.setMaxThreadCount(int(tokens.size()));
        std::atomic<int> ok{0};
        std::atomic<int> failed{0};
        for (const QByteArray &token : std::as_const(tokens)) {
            pool.start([&, token] {
                const auto agent = api.asAgent(token);
                for (int i = 0; i < CallsPerAgent; ++i) {
                    const QString requestId = i % 2 ? QStringLiteral("req-%1").arg(i) : QString();
                    const QByteArray body = GatewayApi::authorizeBody(QStringLiteral("tool"), QStringLiteral("act-%1").arg(i), i % 3 == 0, requestId);
                    const int status = agent.post(QStringLiteral("/v1/authorize"), body).status;
                    (status == 200 ? ok : failed) += 1;
                    if (!requestId.isEmpty())
                        (agent.post(QStringLiteral("/v1/authorize"), body).status == 200 ? ok : failed) += 1;
                }
            });
        }
        pool.waitForDone();
        QCOMPARE(failed.load(), 0);
        const int distinct = int(tokens.size()) * CallsPerAgent;
        QCOMPARE(ok.load(), distinct + int(tokens.size()) * (CallsPerAgent / 2));

        const QString db = gateway.databasePath();
        QCOMPARE(SqliteShell::scalar(db, QStringLiteral("SELECT count(*) FROM receipts")).toInt(), distinct);
        QCOMPARE(SqliteShell::scalar(db, QStringLiteral("SELECT count(*) FROM decisions")).toInt(), distinct);
        // No decision without its receipt, no receipt without its decision.
        QCOMPARE(SqliteShell::scalar(db, QStringLiteral("SELECT count(*) FROM decisions d JOIN receipts r ON r.event_id = d.receipt_id "
                                                        "AND r.decision_id = d.id AND r.tenant_id = d.tenant_id")).toInt(), distinct);
        // Each chain is 1..n without a gap or a fork.
        QCOMPARE(SqliteShell::scalar(db, QStringLiteral("SELECT count(*) FROM (SELECT tenant_id, count(*) c, max(seq) m FROM receipts "
                                                        "GROUP BY tenant_id) WHERE c <> m OR c <> %1").arg(AgentsPerTenant * CallsPerAgent)).toInt(), 0);

        const auto stored = gateway.adminClient().post(QStringLiteral("/v1/receipts/verify-range"), "");
        QCOMPARE(stored.status, 200);
        QVERIFY2(stored.json().value(QStringLiteral("verified")).toBool(), stored.body.constData());
        QCOMPARE(stored.json().value(QStringLiteral("count")).toInt(), distinct);
        QCOMPARE(stored.json().value(QStringLiteral("tenants")).toObject().size(), Tenants);

        QCOMPARE(gateway.stop(SIGTERM), 0);
        const CliRun offline = runCli({QStringLiteral("--db"), db});
        QCOMPARE(offline.exitCode, 0);
        QCOMPARE(offline.out.split('\n').first(), QStringLiteral("VERIFIED: %1 receipt(s), chain intact.").arg(distinct).toUtf8());
    }

    // Each tampering an attacker (or a bad disk) could do to the stored
    // chain, reported with the right kind at the right receipt by all three.
    void tamperingIsFoundByEveryVerifier_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<int>("index");
        QTest::addColumn<QByteArray>("cliReason");
        QTest::newRow("edit a field") << "UPDATE receipts SET decision = 'allow' WHERE tenant_id = 'default' AND seq = 4"
                                      << "hash_mismatch" << 3 << QByteArray("hash mismatch (tampered receipt)");
        QTest::newRow("delete a row") << "DELETE FROM receipts WHERE tenant_id = 'default' AND seq = 4"
                                      << "broken_link" << 3 << QByteArray("broken chain link");
        QTest::newRow("swap two rows") << "UPDATE receipts SET seq = 1000 WHERE tenant_id = 'default' AND seq = 4;"
                                          "UPDATE receipts SET seq = 4 WHERE tenant_id = 'default' AND seq = 5;"
                                          "UPDATE receipts SET seq = 5 WHERE tenant_id = 'default' AND seq = 1000"
                                       << "broken_link" << 3 << QByteArray("broken chain link");
        QTest::newRow("renumber seq") << "UPDATE receipts SET seq = seq + 100 WHERE tenant_id = 'default' AND seq >= 4"
                                      << "seq_gap" << 3 << QByteArray("broken chain link");
    }

    void tamperingIsFoundByEveryVerifier()
    {
        QFETCH(QString, sql);
        QFETCH(QString, kind);
        QFETCH(int, index);
        QFETCH(QByteArray, cliReason);
        ScratchDir dir(QStringLiteral("tamper-") + QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-')));
        GatewayProcess gateway(dir.path());
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        GatewayApi api(gateway.adminClient());
        const QByteArray token = api.registerAgent(QStringLiteral("victim"));
        for (int i = 0; i < 8; ++i)
            QCOMPARE(api.authorize(token, QStringLiteral("t"), QStringLiteral("a%1").arg(i), i % 2).status, 200);

        QString error;
        for (const QString &statement : sql.split(QLatin1Char(';')))
            QVERIFY2(SqliteShell::exec(gateway.databasePath(), statement, &error), qPrintable(error));

        const auto range = gateway.adminClient().post(QStringLiteral("/v1/receipts/verify-range"), R"({"tenant_id":"default"})").json();
        QCOMPARE(range.value(QStringLiteral("verified")).toBool(), false);
        QCOMPARE(firstFailure(range, QStringLiteral("default")).value(QStringLiteral("kind")).toString(), kind);
        QCOMPARE(firstFailure(range, QStringLiteral("default")).value(QStringLiteral("index")).toInt(), index);

        // The runbook's pipeline on the tampered chain.
        const auto receipts = gateway.adminClient().get(QStringLiteral("/v1/receipts?tenant_id=default&limit=200"));
        const auto list = gateway.adminClient().post(QStringLiteral("/v1/receipts/verify-chain"), "{\"receipts\": " + receipts.body + "}").json();
        QCOMPARE(list.value(QStringLiteral("verified")).toBool(), false);
        QCOMPARE(firstFailure(list, QStringLiteral("default")).value(QStringLiteral("kind")).toString(), kind);
        QCOMPARE(firstFailure(list, QStringLiteral("default")).value(QStringLiteral("index")).toInt(), index);

        QCOMPARE(gateway.stop(SIGTERM), 0);
        const CliRun offline = runCli({QStringLiteral("--db"), gateway.databasePath()});
        QCOMPARE(offline.exitCode, 1);
        QCOMPARE(offline.err.split('\n').first(),
                 QByteArray("TAMPERED: chain failed at receipt index ") + QByteArray::number(index) + " (" + cliReason + ").");
        QVERIFY2(offline.err.contains(kind.toLatin1()), offline.err.constData());
    }

    void truncatedTailIsFoundAgainstTheManifest()
    {
        ScratchDir dir(QStringLiteral("truncate"));
        GatewayProcess gateway(dir.path());
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        GatewayApi api(gateway.adminClient());
        const QByteArray token = api.registerAgent(QStringLiteral("victim"));
        for (int i = 0; i < 6; ++i)
            QCOMPARE(api.authorize(token, QStringLiteral("t"), QStringLiteral("a%1").arg(i)).status, 200);
        QCOMPARE(gateway.adminClient().post(QStringLiteral("/v1/admin/backup"), R"({"filename":"full.db"})").status, 200);
        const QString backup = dir.filePath(QStringLiteral("backups/full.db"));
        QFile manifestFile(backup + QStringLiteral(".manifest.json"));
        QVERIFY(manifestFile.open(QIODevice::ReadOnly));
        const QJsonObject heads = QJsonDocument::fromJson(manifestFile.readAll()).object().value(QStringLiteral("tenants")).toObject();
        const QByteArray expected = QJsonDocument(heads).toJson(QJsonDocument::Compact);

        // The live tail is cut: the gateway's verifiers see it only against
        // the heads a manifest recorded.
        QVERIFY(SqliteShell::exec(gateway.databasePath(), QStringLiteral("DELETE FROM receipts WHERE seq > 4")));
        const auto plainRange = gateway.adminClient().post(QStringLiteral("/v1/receipts/verify-range"), "").json();
        QCOMPARE(plainRange.value(QStringLiteral("verified")).toBool(), true);
        const auto range = gateway.adminClient().post(QStringLiteral("/v1/receipts/verify-range"),
                                                      "{\"expected_heads\":" + expected + "}").json();
        QCOMPARE(range.value(QStringLiteral("verified")).toBool(), false);
        QCOMPARE(firstFailure(range, QStringLiteral("default")).value(QStringLiteral("kind")).toString(), QStringLiteral("truncated"));
        const auto exported = gateway.adminClient().get(QStringLiteral("/v1/receipts/export?tenant_id=default"));
        QByteArray listBody = exported.body;
        listBody.chop(1); // the export object, with the expected heads added
        listBody += ",\"expected_heads\":" + expected + "}";
        const auto list = gateway.adminClient().post(QStringLiteral("/v1/receipts/verify-chain"), listBody).json();
        QCOMPARE(list.value(QStringLiteral("verified")).toBool(), false);
        QCOMPARE(firstFailure(list, QStringLiteral("default")).value(QStringLiteral("kind")).toString(), QStringLiteral("truncated"));
        QCOMPARE(gateway.adminClient().post(QStringLiteral("/v1/receipts/verify-range"), R"({"expected_heads":{"default":{"count":"x"}}})").status, 400);
        QCOMPARE(gateway.stop(SIGTERM), 0);
        // A chain that simply ends early verifies on its own: only the
        // manifest can tell that its tail is gone.
        QVERIFY(SqliteShell::exec(backup, QStringLiteral("DELETE FROM receipts WHERE seq > 4")));
        QCOMPARE(runCli({QStringLiteral("--db"), backup}).exitCode, 0);
        const CliRun against = runCli({QStringLiteral("--db"), backup, QStringLiteral("--manifest"), backup + QStringLiteral(".manifest.json")});
        QCOMPARE(against.exitCode, 1);
        QVERIFY2(against.err.contains("truncated"), against.err.constData());
    }

    // A forged signature fails every chain verification: verify-range, a
    // list given to verify-chain, a backup's verification, and the offline
    // verifier on the database and on the list, at the forged receipt.
    void forgedSignatureIsFoundByEveryVerifier()
    {
        ScratchDir dir(QStringLiteral("forged-signature"));
        GatewayProcess gateway(dir.path());
        gateway.setEnv(QStringLiteral("AEGIS_RECEIPT_SIGNING_KEY"),
                       QStringLiteral("ops-2026:0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"));
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        GatewayApi api(gateway.adminClient());
        const QByteArray token = api.registerAgent(QStringLiteral("victim"));
        for (int i = 0; i < 8; ++i)
            QCOMPARE(api.authorize(token, QStringLiteral("t"), QStringLiteral("a%1").arg(i)).status, 200);
        const auto before = gateway.adminClient().post(QStringLiteral("/v1/receipts/verify-range"), "").json();
        QVERIFY2(before.value(QStringLiteral("verified")).toBool(), QJsonDocument(before).toJson().constData());

        QVERIFY(SqliteShell::exec(gateway.databasePath(),
            QStringLiteral("UPDATE receipts SET signature = CASE substr(signature, 1, 2) WHEN '00' THEN '11' ELSE '00' END"
                           " || substr(signature, 3) WHERE tenant_id = 'default' AND seq = 4")));
        const auto expectFailure = [](const QJsonObject &report, const char *where) {
            QVERIFY2(!report.value(QStringLiteral("verified")).toBool(), where);
            QCOMPARE(firstFailure(report, QStringLiteral("default")).value(QStringLiteral("kind")).toString(),
                     QStringLiteral("bad_signature"));
            QCOMPARE(firstFailure(report, QStringLiteral("default")).value(QStringLiteral("index")).toInt(), 3);
        };
        expectFailure(gateway.adminClient().post(QStringLiteral("/v1/receipts/verify-range"), "").json(), "verify-range");
        const auto receipts = gateway.adminClient().get(QStringLiteral("/v1/receipts?tenant_id=default&limit=200"));
        expectFailure(gateway.adminClient()
                          .post(QStringLiteral("/v1/receipts/verify-chain"), "{\"receipts\": " + receipts.body + "}")
                          .json(),
            "verify-chain");
        QCOMPARE(gateway.adminClient().post(QStringLiteral("/v1/admin/backup"), R"({"filename":"forged.db"})").status, 200);
        const auto backup = gateway.adminClient().post(QStringLiteral("/v1/admin/backups/forged.db/verify"), "").json();
        QCOMPARE(backup.value(QStringLiteral("restorable")).toBool(), false);
        expectFailure(backup.value(QStringLiteral("checks")).toObject().value(QStringLiteral("chains")).toObject(),
            "backup verification");
        QCOMPARE(gateway.stop(SIGTERM), 0);

        const QByteArray firstLine("TAMPERED: chain failed at receipt index 3 (bad signature (tampered receipt)).");
        const CliRun offline = runCli({QStringLiteral("--db"), gateway.databasePath()});
        QCOMPARE(offline.exitCode, 1);
        QCOMPARE(offline.err.split('\n').first(), firstLine);
        QVERIFY2(offline.err.contains("bad_signature"), offline.err.constData());
        QFile list(dir.filePath(QStringLiteral("receipts.json")));
        QVERIFY(list.open(QIODevice::WriteOnly) && list.write(receipts.body) == receipts.body.size());
        list.close();
        const CliRun fromFile = runCli({list.fileName()});
        QCOMPARE(fromFile.exitCode, 1);
        QCOMPARE(fromFile.err.split('\n').first(), firstLine);
    }

    void signedReceiptsVerifyAndUnsignedStayUnsigned()
    {
        ScratchDir dir(QStringLiteral("signing"));
        GatewayProcess gateway(dir.path());
        // RECEIPTS.md's check value.
        gateway.setEnv(QStringLiteral("AEGIS_RECEIPT_SIGNING_KEY"),
                       QStringLiteral("ops-2026:0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"));
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        QVERIFY(!gateway.output().contains(QStringLiteral("0102030405060708090a")));
        GatewayApi api(gateway.adminClient());
        const QByteArray token = api.registerAgent(QStringLiteral("signed"));
        const auto answer = api.authorize(token, QStringLiteral("t"), QStringLiteral("a"));
        const QJsonObject receipt = answer.json().value(QStringLiteral("receipt")).toObject();
        QCOMPARE(receipt.value(QStringLiteral("signer_public_key")).toString(),
                 QStringLiteral("79b5562e8fe654f94078b112e8a98ba7901f853ae695bed7e0e3910bad049664"));
        QCOMPARE(receipt.value(QStringLiteral("signer_key_id")).toString(), QStringLiteral("ops-2026"));
        QCOMPARE(receipt.value(QStringLiteral("signature")).toString().size(), 128);
        const QString id = receipt.value(QStringLiteral("receipt_id")).toString();
        const auto verified = gateway.adminClient().get(QStringLiteral("/v1/receipts/%1/verify").arg(id)).json();
        QCOMPARE(verified.value(QStringLiteral("signed")).toBool(), true);
        QCOMPARE(verified.value(QStringLiteral("signature_verified")).toBool(), true);
        QCOMPARE(verified.value(QStringLiteral("verified")).toBool(), true);

        // A forged signature is caught, and does not change the hash verdict.
        QVERIFY(SqliteShell::exec(gateway.databasePath(),
                                  QStringLiteral("UPDATE receipts SET signature = replace(signature, substr(signature, 1, 2), "
                                                 "CASE substr(signature, 1, 2) WHEN '00' THEN '11' ELSE '00' END) WHERE event_id = '%1'").arg(id)));
        const auto forged = gateway.adminClient().get(QStringLiteral("/v1/receipts/%1/verify").arg(id)).json();
        QCOMPARE(forged.value(QStringLiteral("signature_verified")).toBool(), false);
        QCOMPARE(forged.value(QStringLiteral("verified")).toBool(), true);
        QCOMPARE(gateway.stop(SIGTERM), 0);

        // Without a key, no signature fields.
        gateway.environment().remove(QStringLiteral("AEGIS_RECEIPT_SIGNING_KEY"));
        QVERIFY(gateway.start());
        const QJsonObject unsigned_ = api.authorize(token, QStringLiteral("t"), QStringLiteral("b")).json().value(QStringLiteral("receipt")).toObject();
        QVERIFY(!unsigned_.contains(QStringLiteral("signature")));
        QCOMPARE(gateway.stop(SIGTERM), 0);

        // A key that is not one stops the start: never silently unsigned.
        gateway.setEnv(QStringLiteral("AEGIS_RECEIPT_SIGNING_KEY"), QStringLiteral("not-a-key"));
        QCOMPARE(gateway.runToExit(), 78);
        QVERIFY(gateway.output().contains(QStringLiteral("AEGIS_RECEIPT_SIGNING_KEY")));
    }
};

QTEST_GUILESS_MAIN(ReceiptChainTest)
#include "ReceiptChainTest.moc"
