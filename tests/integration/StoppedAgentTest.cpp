// What an agent's token reaches once the agent is stopped (issue 15,
// item 6; the rules are in docs/security.md): a revoked or deleted agent's
// token reads nothing, a frozen agent's token reads only its own decisions
// and approvals, agent records are the admin's, and deletion is final.
#include "tests/support/GatewayApi.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"

#include <QJsonArray>
#include <QtTest>

#include <csignal>

using namespace aegis::test;

class StoppedAgentTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDir> dir;
    std::unique_ptr<GatewayProcess> gateway;
    std::unique_ptr<GatewayApi> api;

    struct Agent
    {
        QString id;
        QByteArray token;
        QString decisionId;
    };

    // A new agent in the default tenant with one decision of its own.
    Agent newAgent(const QString &key)
    {
        Agent agent;
        agent.token = api->registerAgent(key, QStringLiteral("default"), &agent.id);
        const HttpTestResponse decided = api->authorize(agent.token, QStringLiteral("t"), QStringLiteral("read"));
        agent.decisionId = decided.json().value(QStringLiteral("decision_id")).toString();
        return agent;
    }

    int setStatus(const Agent &agent, const QString &status)
    {
        return api->admin()
            .send("PATCH", QStringLiteral("/v1/agents/") + agent.id, QStringLiteral(R"({"status":"%1"})").arg(status).toUtf8())
            .status;
    }

    static const QStringList &readPaths()
    {
        static const QStringList paths = {QStringLiteral("/v1/decisions"), QStringLiteral("/v1/receipts"),
                                          QStringLiteral("/v1/receipts/export"), QStringLiteral("/v1/receipts/chain-head"),
                                          QStringLiteral("/v1/approvals"), QStringLiteral("/v1/agents")};
        return paths;
    }

private Q_SLOTS:
    void initTestCase()
    {
        dir = std::make_unique<ScratchDir>(QStringLiteral("stopped-agent"));
        gateway = std::make_unique<GatewayProcess>(dir->path());
        QVERIFY2(gateway->start(), qPrintable(gateway->lastError()));
        api = std::make_unique<GatewayApi>(gateway->adminClient());
    }

    void cleanupTestCase()
    {
        QCOMPARE(gateway->stop(SIGTERM), 0);
    }

    void agentRecordsAreForTheAdminOnly()
    {
        const Agent agent = newAgent(QStringLiteral("curious"));
        // Before the fix: 200 with its own (and any colleague's) record.
        QCOMPARE(api->asAgent(agent.token).get(QStringLiteral("/v1/agents/") + agent.id).status, 403);
        QCOMPARE(api->admin().get(QStringLiteral("/v1/agents/") + agent.id).status, 200);
    }

    void revokedTokenReadsNothing()
    {
        const Agent agent = newAgent(QStringLiteral("revoked-reader"));
        const HttpTestClient client = api->asAgent(agent.token);
        for (const QString &path : readPaths())
            QCOMPARE(client.get(path).status, 200);
        QCOMPARE(setStatus(agent, QStringLiteral("revoked")), 200);
        // Before the fix: 200 for decisions and the export.
        for (const QString &path : readPaths()) {
            const HttpTestResponse refused = client.get(path);
            QVERIFY2(refused.status == 401, qPrintable(path + QLatin1Char(' ') + QString::number(refused.status)));
            QVERIFY(!refused.header("WWW-Authenticate").isEmpty());
        }
        QCOMPARE(client.get(QStringLiteral("/v1/decisions/") + agent.decisionId).status, 401);
        // Its attempt to act is still denied on the record (API.md).
        const HttpTestResponse denied = api->authorize(agent.token, QStringLiteral("t"), QStringLiteral("read"));
        QCOMPARE(denied.status, 403);
        QCOMPARE(denied.json().value(QStringLiteral("decision")).toString(), QStringLiteral("deny"));
    }

    void frozenTokenReadsOnlyItsOwnDecisions()
    {
        const Agent frozen = newAgent(QStringLiteral("frozen-reader"));
        const Agent colleague = newAgent(QStringLiteral("colleague"));
        QCOMPARE(setStatus(frozen, QStringLiteral("frozen")), 200);
        const HttpTestClient client = api->asAgent(frozen.token);

        const HttpTestResponse own = client.get(QStringLiteral("/v1/decisions?limit=200"));
        QCOMPARE(own.status, 200);
        const QJsonArray decisions = own.jsonArray();
        QVERIFY(!decisions.isEmpty());
        for (const auto &decision : decisions)
            QCOMPARE(decision.toObject().value(QStringLiteral("agent_id")).toString(), frozen.id);
        // Asking for the colleague's changes nothing.
        for (const auto &decision : client.get(QStringLiteral("/v1/decisions?agent_id=") + colleague.id).jsonArray())
            QCOMPARE(decision.toObject().value(QStringLiteral("agent_id")).toString(), frozen.id);
        QCOMPARE(client.get(QStringLiteral("/v1/decisions/") + frozen.decisionId).status, 200);
        QCOMPARE(client.get(QStringLiteral("/v1/decisions/") + colleague.decisionId).status, 404);
        // The tenant's chain and its other records are out of reach.
        for (const QString &path : {QStringLiteral("/v1/receipts"), QStringLiteral("/v1/receipts/export"),
                                    QStringLiteral("/v1/receipts/chain-head"), QStringLiteral("/v1/agents")}) {
            const HttpTestResponse refused = client.get(path);
            QVERIFY2(refused.status == 403, qPrintable(path + QLatin1Char(' ') + QString::number(refused.status)));
            QVERIFY(refused.json().value(QStringLiteral("message")).toString().contains(QStringLiteral("frozen")));
        }
        QCOMPARE(api->authorize(frozen.token, QStringLiteral("t"), QStringLiteral("read")).status, 403);

        // Unfrozen, it reads its tenant again.
        QCOMPARE(setStatus(frozen, QStringLiteral("active")), 200);
        QCOMPARE(client.get(QStringLiteral("/v1/decisions/") + colleague.decisionId).status, 200);
        QCOMPARE(client.get(QStringLiteral("/v1/receipts/export")).status, 200);
    }

    void deletionIsFinal()
    {
        const Agent agent = newAgent(QStringLiteral("deleted-for-good"));
        QCOMPARE(setStatus(agent, QStringLiteral("deleted")), 200);
        const HttpTestClient client = api->asAgent(agent.token);
        for (const QString &path : readPaths())
            QCOMPARE(client.get(path).status, 401);
        QCOMPARE(api->authorize(agent.token, QStringLiteral("t"), QStringLiteral("read")).status, 401);

        // Before the fix: 200, and the deleted agent's token worked again.
        for (const QString &status : {QStringLiteral("active"), QStringLiteral("frozen"), QStringLiteral("revoked")}) {
            const HttpTestResponse refused = api->admin().send(
                "PATCH", QStringLiteral("/v1/agents/") + agent.id, QStringLiteral(R"({"status":"%1"})").arg(status).toUtf8());
            QCOMPARE(refused.status, 409);
            QVERIFY(refused.json().value(QStringLiteral("message")).toString().contains(QStringLiteral("deletion is final")));
        }
        QCOMPARE(api->admin().post(QStringLiteral("/v1/agents/%1/unfreeze").arg(agent.id), "").status, 409);
        QCOMPARE(api->admin().get(QStringLiteral("/v1/agents/") + agent.id).json().value(QStringLiteral("status")).toString(),
                 QStringLiteral("deleted"));
        QCOMPARE(api->authorize(agent.token, QStringLiteral("t"), QStringLiteral("read")).status, 401);
    }
};

QTEST_GUILESS_MAIN(StoppedAgentTest)
#include "StoppedAgentTest.moc"
