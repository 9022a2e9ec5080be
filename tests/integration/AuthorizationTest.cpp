// Tenants, agents, policies and authorizations against the real gateway:
// what an agent and an admin see, and what lands in the database.
#include "tests/support/GatewayApi.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"
#include "tests/support/SqliteShell.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSet>
#include <QtTest>

#include <csignal>

using namespace aegis::test;

namespace {

// RECEIPTS.md's worked example of an action hash.
const QByteArray SpecToolCall = R"({"tool":"jira","action":"create_issue","resource":null,"mutates_state":true,)"
                                R"("parameters":{"project":"OPS","labels":["dr","drill"],"priority":2,"title":"Restore drill — Zürich"}})";
const QString SpecActionHash = QStringLiteral("a47304021195cce42ade11905422d8cc7c9adf539c3f9dc5f34ee11976647e85");

QByteArray withToolCall(const QByteArray &toolCall)
{
    return R"({"tool_call":)" + toolCall + R"(,"context":{"source_trust":"trusted_internal_signed"}})";
}

} // namespace

class AuthorizationTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDir> dir;
    std::unique_ptr<GatewayProcess> gateway;
    std::unique_ptr<GatewayApi> api;

    QString db() const { return gateway->databasePath(); }
    qint64 count(const QString &table) const
    {
        return SqliteShell::scalar(db(), QStringLiteral("SELECT count(*) FROM %1").arg(table)).toLongLong();
    }

private Q_SLOTS:
    void initTestCase()
    {
        dir = std::make_unique<ScratchDir>(QStringLiteral("authorization"));
        gateway = std::make_unique<GatewayProcess>(dir->path());
        QVERIFY2(gateway->start(), qPrintable(gateway->lastError()));
        api = std::make_unique<GatewayApi>(gateway->adminClient());
    }

    void cleanupTestCase()
    {
        QCOMPARE(gateway->stop(SIGTERM), 0);
    }

    void agentTokensAreShownOnceAndStoredHashed()
    {
        QString id;
        const QByteArray token = api->registerAgent(QStringLiteral("token-agent"), QStringLiteral("default"), &id);
        QVERIFY(QRegularExpression(QStringLiteral("^agent_tok_[0-9a-f]{32}$")).match(QString::fromLatin1(token)).hasMatch());
        const QString stored = SqliteShell::scalar(db(), QStringLiteral("SELECT token_sha256 FROM agents WHERE id = '%1'").arg(id)).toString();
        QCOMPARE(stored, QString::fromLatin1(QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(SqliteShell::scalar(db(), QStringLiteral("SELECT count(*) FROM agents WHERE token_sha256 LIKE 'agent_tok_%'")).toInt(), 0);

        // Listing shows the agent, never a token.
        const auto list = api->admin().get(QStringLiteral("/v1/agents"));
        QCOMPARE(list.status, 200);
        QVERIFY(list.body.contains(id.toLatin1()));
        QVERIFY(api->admin().get(QStringLiteral("/v1/agents?tenant_id=default")).body.contains(id.toLatin1()));
        QVERIFY(api->admin().get(QStringLiteral("/v1/agents?status=active")).body.contains(id.toLatin1()));
        QVERIFY(!api->admin().get(QStringLiteral("/v1/agents?status=frozen")).body.contains(id.toLatin1()));
        QVERIFY(!list.body.contains("agent_tok_"));
        QVERIFY(!list.body.contains(stored.toLatin1()));

        // Re-registration rotates: same id, new token, the old one dead at once.
        QString sameId;
        const QByteArray rotated = api->registerAgent(QStringLiteral("token-agent"), QStringLiteral("default"), &sameId);
        QCOMPARE(sameId, id);
        QVERIFY(rotated != token);
        QCOMPARE(api->authorize(token, QStringLiteral("git"), QStringLiteral("status")).status, 401);
        QCOMPARE(api->authorize(rotated, QStringLiteral("git"), QStringLiteral("status")).status, 200);
        QCOMPARE(api->admin().post(QStringLiteral("/v1/agents/register"), R"({"agent_key":"token-agent"})").status, 200);
        QCOMPARE(api->admin().post(QStringLiteral("/v1/agents"), R"({"name":"no key"})").status, 422);
        QCOMPARE(api->admin().post(QStringLiteral("/v1/agents"), R"({"agent_key":"x","tenant_id":"nope"})").status, 404);
    }

    void authorizeDecidesRecordsAndAnswers()
    {
        const QByteArray token = api->registerAgent(QStringLiteral("decider"));
        const qint64 decisionsBefore = count(QStringLiteral("decisions"));

        const auto mutating = api->authorize(token, QStringLiteral("github"), QStringLiteral("merge_pull_request"), true);
        QCOMPARE(mutating.status, 200);
        const QJsonObject answer = mutating.json();
        QCOMPARE(answer.value(QStringLiteral("decision")).toString(), QStringLiteral("require_approval"));
        QCOMPARE(answer.value(QStringLiteral("risk_level")).toString(), QStringLiteral("high"));
        QCOMPARE(answer.value(QStringLiteral("risk_score")).toInt(), 75);
        QCOMPARE(answer.value(QStringLiteral("matched_policies")).toArray(), QJsonArray{QStringLiteral("default-mutating")});
        const QJsonObject receipt = answer.value(QStringLiteral("receipt")).toObject();
        QCOMPARE(receipt.value(QStringLiteral("canon_version")).toString(), QStringLiteral("aegis-jcs-1"));
        QCOMPARE(receipt.value(QStringLiteral("receipt_hash")).toString().size(), 64);
        QVERIFY(receipt.value(QStringLiteral("seq")).toInt() >= 1);

        const auto reading = api->authorize(token, QStringLiteral("github"), QStringLiteral("list_pull_requests"), false);
        QCOMPARE(reading.json().value(QStringLiteral("decision")).toString(), QStringLiteral("allow"));
        // Chained: the second receipt links to the first.
        QCOMPARE(reading.json().value(QStringLiteral("receipt")).toObject().value(QStringLiteral("prev_receipt_hash")).toString(),
                 receipt.value(QStringLiteral("receipt_hash")).toString());

        // Both decisions and both receipts are in the database, each pair together.
        QCOMPARE(count(QStringLiteral("decisions")), decisionsBefore + 2);
        QCOMPARE(SqliteShell::scalar(db(), QStringLiteral("SELECT count(*) FROM decisions d LEFT JOIN receipts r ON "
                                                          "r.event_id = d.receipt_id WHERE r.event_id IS NULL")).toInt(), 0);

        const auto one = api->admin().get(QStringLiteral("/v1/decisions/") + answer.value(QStringLiteral("decision_id")).toString());
        QCOMPARE(one.status, 200);
        QCOMPARE(one.json().value(QStringLiteral("receipt_id")).toString(), receipt.value(QStringLiteral("receipt_id")).toString());
        QCOMPARE(one.json().value(QStringLiteral("parameters")).toObject().value(QStringLiteral("n")).toInt(), 1);
    }

    void actionHashMatchesTheReference()
    {
        const QByteArray token = api->registerAgent(QStringLiteral("hasher"));
        const auto response = api->asAgent(token).post(QStringLiteral("/v1/authorize"), withToolCall(SpecToolCall));
        QCOMPARE(response.status, 200);
        QCOMPARE(response.json().value(QStringLiteral("action_hash")).toString(), SpecActionHash);
        // The decision keeps the parameters exactly, so the hash can be recomputed from it.
        const auto decision = api->admin().get(QStringLiteral("/v1/decisions/")
                                               + response.json().value(QStringLiteral("decision_id")).toString());
        QVERIFY(decision.body.contains(R"("parameters":{"labels":["dr","drill"],"priority":2,"project":"OPS","title":"Restore drill — Zürich"})"));

        // Number lexemes survive: 1.0 is not 1.
        const auto floaty = api->asAgent(token).post(
            QStringLiteral("/v1/authorize"),
            withToolCall(R"({"tool":"t","action":"a","mutates_state":false,"parameters":{"x":1.0,"big":123456789012345678901234567890}})"));
        QCOMPARE(floaty.status, 200);
        const QByteArray canonical = R"({"action":"a","mutates_state":false,"parameters":{"big":123456789012345678901234567890,"x":1.0},"resource":null,"tool":"t"})";
        QCOMPARE(floaty.json().value(QStringLiteral("action_hash")).toString(),
                 QString::fromLatin1(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex()));
    }

    void missingFieldsAre422NamingTheField_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("field");
        QTest::newRow("tool_call") << QByteArray(R"({"context":{"source_trust":"x"}})") << "tool_call";
        QTest::newRow("tool") << withToolCall(R"({"action":"a","mutates_state":true,"parameters":{}})") << "tool_call.tool";
        QTest::newRow("action") << withToolCall(R"({"tool":"t","mutates_state":true,"parameters":{}})") << "tool_call.action";
        QTest::newRow("mutates_state") << withToolCall(R"({"tool":"t","action":"a","parameters":{}})") << "tool_call.mutates_state";
        QTest::newRow("mutates_state type") << withToolCall(R"({"tool":"t","action":"a","mutates_state":"yes","parameters":{}})") << "tool_call.mutates_state";
        QTest::newRow("parameters") << withToolCall(R"({"tool":"t","action":"a","mutates_state":true})") << "tool_call.parameters";
        QTest::newRow("source_trust") << QByteArray(R"({"tool_call":{"tool":"t","action":"a","mutates_state":true,"parameters":{}},"context":{}})") << "context.source_trust";
        QTest::newRow("context") << QByteArray(R"({"tool_call":{"tool":"t","action":"a","mutates_state":true,"parameters":{}}})") << "context.source_trust";
    }

    void missingFieldsAre422NamingTheField()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, field);
        static const QByteArray token = api->registerAgent(QStringLiteral("validator"));
        const qint64 before = count(QStringLiteral("decisions"));
        const auto response = api->asAgent(token).post(QStringLiteral("/v1/authorize"), body);
        QCOMPARE(response.status, 422);
        QCOMPARE(response.json().value(QStringLiteral("error")).toString(), QStringLiteral("unprocessable"));
        QCOMPARE(response.json().value(QStringLiteral("field")).toString(), field);
        QVERIFY(response.json().value(QStringLiteral("message")).toString().contains(field));
        QCOMPARE(count(QStringLiteral("decisions")), before);
    }

    void badBodiesAre400AndFormEncodingIsAccepted()
    {
        const QByteArray token = api->registerAgent(QStringLiteral("bodies"));
        const auto agent = api->asAgent(token);
        QCOMPARE(agent.post(QStringLiteral("/v1/authorize"), "{not json").status, 400);
        QCOMPARE(agent.post(QStringLiteral("/v1/authorize"), "[1,2]").status, 400);
        QCOMPARE(agent.post(QStringLiteral("/v1/authorize"), "").status, 400);
        const auto form = agent.post(QStringLiteral("/v1/authorize"), GatewayApi::authorizeBody(QStringLiteral("t"), QStringLiteral("a"), false),
                                     {{"Content-Type", "application/x-www-form-urlencoded"}});
        QCOMPARE(form.status, 200);
        // The admin token is not an agent.
        QCOMPARE(api->admin().post(QStringLiteral("/v1/authorize"), GatewayApi::authorizeBody(QStringLiteral("t"), QStringLiteral("a"), false)).status, 403);
        // An agent is not an admin.
        QCOMPARE(agent.post(QStringLiteral("/v1/tenants"), R"({"id":"sneaky"})").status, 403);
        QCOMPARE(agent.get(QStringLiteral("/metrics")).status, 403);
    }

    void repeatedRequestIdReturnsTheOriginal()
    {
        const QByteArray token = api->registerAgent(QStringLiteral("idempotent"));
        const auto first = api->authorize(token, QStringLiteral("deploy"), QStringLiteral("run"), true, QStringLiteral("req-42"));
        QCOMPARE(first.status, 200);
        const qint64 decisions = count(QStringLiteral("decisions"));
        const qint64 receipts = count(QStringLiteral("receipts"));
        const auto again = api->authorize(token, QStringLiteral("deploy"), QStringLiteral("run"), true, QStringLiteral("req-42"));
        QCOMPARE(again.status, 200);
        QCOMPARE(again.json().value(QStringLiteral("decision_id")), first.json().value(QStringLiteral("decision_id")));
        QCOMPARE(again.json().value(QStringLiteral("receipt")), first.json().value(QStringLiteral("receipt")));
        QCOMPARE(count(QStringLiteral("decisions")), decisions);
        QCOMPARE(count(QStringLiteral("receipts")), receipts);
        // Another agent's identical request id is its own.
        const QByteArray other = api->registerAgent(QStringLiteral("idempotent-2"));
        QVERIFY(api->authorize(other, QStringLiteral("deploy"), QStringLiteral("run"), true, QStringLiteral("req-42")).json().value(QStringLiteral("decision_id"))
                != first.json().value(QStringLiteral("decision_id")));
    }

    // The approve-then-swap attack: an id first used for a harmless call
    // must not carry its "allow" over to another call.
    void reusedRequestIdForAnotherRequestIs409()
    {
        const QByteArray token = api->registerAgent(QStringLiteral("swapper"));
        const HttpTestClient agent = api->asAgent(token);
        auto body = [](const char *action, const char *user, const char *traceId, const char *contextJson) -> QByteArray {
            return QByteArray("{\"request_id\":\"r1\",\"user\":{\"id\":\"") + user
                + "\"},\"tool_call\":{\"tool\":\"github\",\"action\":\"" + action
                + "\",\"resource\":\"org/repo\",\"mutates_state\":false,\"parameters\":{\"n\":1}},\"context\":" + contextJson
                + ",\"trace\":{\"run_id\":\"run-1\",\"trace_id\":\"" + traceId + "\"}}";
        };
        const char *context = "{\"source_trust\":\"trusted_internal_signed\",\"sensitive\":false}";
        const auto first = agent.post(QStringLiteral("/v1/authorize"), body("list_prs", "alice", "t-1", context));
        QCOMPARE(first.status, 200);
        QCOMPARE(first.json().value(QStringLiteral("decision")).toString(), QStringLiteral("allow"));
        const QString firstHash = first.json().value(QStringLiteral("action_hash")).toString();

        const qint64 decisions = count(QStringLiteral("decisions"));
        const qint64 receipts = count(QStringLiteral("receipts"));
        const QJsonObject head = api->admin().get(QStringLiteral("/v1/receipts/chain-head")).json();

        // The same request, its context keys in another order: the original.
        const auto same = agent.post(QStringLiteral("/v1/authorize"),
                                     body("list_prs", "alice", "t-1",
                                          "{\"sensitive\":false,\"source_trust\":\"trusted_internal_signed\"}"));
        QCOMPARE(same.status, 200);
        QCOMPARE(same.json().value(QStringLiteral("decision_id")), first.json().value(QStringLiteral("decision_id")));
        QCOMPARE(same.json().value(QStringLiteral("replayed")).toBool(), true);

        const struct
        {
            QByteArray body;
            QString differing;
        } others[] = {
            {body("delete_repo", "alice", "t-1", context), QStringLiteral("tool_call")},
            {body("list_prs", "mallory", "t-1", context), QStringLiteral("user")},
            {body("list_prs", "alice", "t-2", context), QStringLiteral("trace")},
            {body("list_prs", "alice", "t-1", "{\"source_trust\":\"untrusted_external\"}"), QStringLiteral("context")},
        };
        for (const auto &other : others) {
            const auto conflict = agent.post(QStringLiteral("/v1/authorize"), other.body);
            QCOMPARE(conflict.status, 409);
            const QJsonObject answer = conflict.json();
            QCOMPARE(answer.value(QStringLiteral("error")).toString(), QStringLiteral("idempotency_conflict"));
            QCOMPARE(answer.value(QStringLiteral("request_id")).toString(), QStringLiteral("r1"));
            QCOMPARE(answer.value(QStringLiteral("original_action_hash")).toString(), firstHash);
            QCOMPARE(answer.value(QStringLiteral("differing")).toArray(), QJsonArray{other.differing});
            const QString hash = answer.value(QStringLiteral("action_hash")).toString();
            QCOMPARE(hash.size(), 64);
            QCOMPARE(hash == firstHash, other.differing != QLatin1String("tool_call"));
            QVERIFY(!answer.contains(QStringLiteral("decision")));
            QVERIFY(!answer.contains(QStringLiteral("decision_id")));
            QVERIFY(!answer.contains(QStringLiteral("receipt")));
        }
        // Nothing was recorded: the chain and its head are where they were.
        QCOMPARE(count(QStringLiteral("decisions")), decisions);
        QCOMPARE(count(QStringLiteral("receipts")), receipts);
        QCOMPARE(api->admin().get(QStringLiteral("/v1/receipts/chain-head")).json(), head);
        // And the id still answers with the original for the original call.
        const auto after = agent.post(QStringLiteral("/v1/authorize"), body("list_prs", "alice", "t-1", context));
        QCOMPARE(after.status, 200);
        QCOMPARE(after.json().value(QStringLiteral("decision_id")), first.json().value(QStringLiteral("decision_id")));
    }

    void frozenAndRevokedAgentsAreDenied()
    {
        QString id;
        const QByteArray token = api->registerAgent(QStringLiteral("freezable"), QStringLiteral("default"), &id);
        QCOMPARE(api->authorize(token, QStringLiteral("t"), QStringLiteral("a"), false, QStringLiteral("before")).json().value(QStringLiteral("decision")).toString(),
                 QStringLiteral("allow"));
        for (const QString &status : {QStringLiteral("frozen"), QStringLiteral("revoked")}) {
            const auto patched = api->admin().send("PATCH", QStringLiteral("/v1/agents/") + id,
                                                   QStringLiteral(R"({"status":"%1"})").arg(status).toUtf8());
            QCOMPARE(patched.status, 200);
            QCOMPARE(patched.json().value(QStringLiteral("status")).toString(), status);
            const qint64 before = count(QStringLiteral("receipts"));
            // Even a request id that was allowed before is denied now.
            const auto denied = api->authorize(token, QStringLiteral("t"), QStringLiteral("a"), false, QStringLiteral("before"));
            QCOMPARE(denied.status, 403);
            QCOMPARE(denied.json().value(QStringLiteral("decision")).toString(), QStringLiteral("deny"));
            QCOMPARE(denied.json().value(QStringLiteral("error")).toString(), QStringLiteral("forbidden"));
            QVERIFY(denied.json().value(QStringLiteral("message")).toString().contains(status));
            // The attempt is evidence as well.
            QCOMPARE(count(QStringLiteral("receipts")), before + 1);
        }
        QCOMPARE(api->admin().send("PATCH", QStringLiteral("/v1/agents/") + id, R"({"status":"active"})").status, 200);
        QCOMPARE(api->authorize(token, QStringLiteral("t"), QStringLiteral("a")).status, 200);
        QCOMPARE(api->admin().send("PATCH", QStringLiteral("/v1/agents/") + id, R"({"status":"sleeping"})").status, 422);
        QCOMPARE(api->admin().send("PATCH", QStringLiteral("/v1/agents/nope"), R"({"status":"frozen"})").status, 404);
    }

    void policiesDecideInOrderAndFailClosed()
    {
        QVERIFY(api->createTenant(QStringLiteral("policy-co")));
        const QByteArray token = api->registerAgent(QStringLiteral("policy-agent"), QStringLiteral("policy-co"));
        const QByteArray rules = R"({"rules":[
            {"id":"no-prod-merge","tool":"github","action":"merge_*","resource":"prod-*","decision":"deny","risk_level":"critical","reason":"never merge to prod"},
            {"id":"merges","tool":"github","action":"merge_?ull_request","decision":"require_approval","risk_level":"medium"},
            {"id":"reads","tool":"*","action":"get*","mutates_state":false,"decision":"allow","risk_level":"low"}]})";
        const auto put = api->admin().send("PUT", QStringLiteral("/v1/policies?tenant_id=policy-co"), rules);
        QCOMPARE(put.status, 200);
        QCOMPARE(put.json().value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(api->admin().get(QStringLiteral("/v1/policies?tenant_id=policy-co")).json().value(QStringLiteral("rules")).toArray().size(), 3);

        auto decide = [&](const QByteArray &toolCall) {
            return api->asAgent(token).post(QStringLiteral("/v1/authorize"), withToolCall(toolCall)).json();
        };
        const auto prod = decide(R"({"tool":"github","action":"merge_pull_request","resource":"prod-api","mutates_state":true,"parameters":{}})");
        QCOMPARE(prod.value(QStringLiteral("decision")).toString(), QStringLiteral("deny"));
        QCOMPARE(prod.value(QStringLiteral("risk_score")).toInt(), 95);
        QCOMPARE(prod.value(QStringLiteral("matched_policies")).toArray().first().toString(), QStringLiteral("no-prod-merge"));
        const auto merge = decide(R"({"tool":"github","action":"merge_pull_request","resource":"docs","mutates_state":true,"parameters":{}})");
        QCOMPARE(merge.value(QStringLiteral("decision")).toString(), QStringLiteral("require_approval"));
        QCOMPARE(merge.value(QStringLiteral("risk_score")).toInt(), 40);
        const auto read = decide(R"({"tool":"jira","action":"get_issue","mutates_state":false,"parameters":{}})");
        QCOMPARE(read.value(QStringLiteral("decision")).toString(), QStringLiteral("allow"));
        // Nothing matches: denied.
        const auto none = decide(R"({"tool":"jira","action":"delete_project","mutates_state":true,"parameters":{}})");
        QCOMPARE(none.value(QStringLiteral("decision")).toString(), QStringLiteral("deny"));
        QVERIFY(none.value(QStringLiteral("matched_policies")).toArray().isEmpty());
        // Other tenants keep their own policy.
        const QByteArray defaultAgent = api->registerAgent(QStringLiteral("default-policy"));
        QCOMPARE(api->authorize(defaultAgent, QStringLiteral("jira"), QStringLiteral("delete_project"), true).json().value(QStringLiteral("decision")).toString(),
                 QStringLiteral("require_approval"));

        const auto invalid = api->admin().send("PUT", QStringLiteral("/v1/policies?tenant_id=policy-co"),
                                               R"({"rules":[{"id":"a","decision":"allow","risk_level":"low"},{"id":"b","decision":"maybe","risk_level":"low"}]})");
        QCOMPARE(invalid.status, 422);
        QVERIFY(invalid.json().value(QStringLiteral("message")).toString().startsWith(QStringLiteral("rules[1].decision")));
        QCOMPARE(api->admin().get(QStringLiteral("/v1/policies?tenant_id=policy-co")).json().value(QStringLiteral("version")).toInt(), 2);
        QCOMPARE(api->admin().get(QStringLiteral("/v1/policies?tenant_id=ghost")).status, 404);
    }

    void tenantsAreValidated()
    {
        QCOMPARE(api->admin().post(QStringLiteral("/v1/tenants"), R"({"id":"globex","name":"Globex"})").status, 201);
        QCOMPARE(api->admin().post(QStringLiteral("/v1/tenants"), R"({"id":"globex"})").status, 409);
        for (const char *bad : {R"({"id":"Globex"})", R"({"id":"-x"})", R"({"id":""})", R"({"id":"a/b"})", R"({})"})
            QCOMPARE(api->admin().post(QStringLiteral("/v1/tenants"), bad).status, 400);
        const auto list = api->admin().get(QStringLiteral("/v1/tenants")).jsonArray();
        QStringList ids;
        for (const QJsonValue &tenant : list)
            ids.append(tenant.toObject().value(QStringLiteral("id")).toString());
        QVERIFY(ids.contains(QStringLiteral("default")));
        QVERIFY(ids.contains(QStringLiteral("globex")));
    }

    void agentsNeverSeeAnotherTenantsEvidence()
    {
        QVERIFY(api->createTenant(QStringLiteral("blue")));
        QVERIFY(api->createTenant(QStringLiteral("red")));
        const QByteArray blue = api->registerAgent(QStringLiteral("blue-agent"), QStringLiteral("blue"));
        const QByteArray red = api->registerAgent(QStringLiteral("red-agent"), QStringLiteral("red"));
        const auto redDecision = api->authorize(red, QStringLiteral("t"), QStringLiteral("secret"));
        QVERIFY(api->authorize(blue, QStringLiteral("t"), QStringLiteral("mine")).status == 200);
        const QString redDecisionId = redDecision.json().value(QStringLiteral("decision_id")).toString();
        const QString redReceiptId = redDecision.json().value(QStringLiteral("receipt")).toObject().value(QStringLiteral("receipt_id")).toString();
        const auto asBlue = api->asAgent(blue);

        for (const QString &path : {QStringLiteral("/v1/decisions"), QStringLiteral("/v1/decisions?tenant_id=red"),
                                    QStringLiteral("/v1/receipts"), QStringLiteral("/v1/receipts?tenant_id=red")}) {
            const auto list = asBlue.get(path);
            QCOMPARE(list.status, 200);
            QVERIFY(!list.jsonArray().isEmpty());
            for (const QJsonValue &row : list.jsonArray())
                QCOMPARE(row.toObject().value(QStringLiteral("tenant_id")).toString(), QStringLiteral("blue"));
        }
        QCOMPARE(asBlue.get(QStringLiteral("/v1/decisions/") + redDecisionId).status, 404);
        QCOMPARE(asBlue.get(QStringLiteral("/v1/receipts/") + redReceiptId).status, 404);
        QCOMPARE(asBlue.get(QStringLiteral("/v1/receipts/") + redReceiptId + QStringLiteral("/verify")).status, 404);
        QCOMPARE(asBlue.get(QStringLiteral("/v1/receipts/chain-head?tenant_id=red")).json().value(QStringLiteral("tenant_id")).toString(),
                 QStringLiteral("blue"));
        QCOMPARE(asBlue.post(QStringLiteral("/v1/receipts/verify-range"), R"({"tenant_id":"red"})").status, 403);
        const auto blueAgents = asBlue.get(QStringLiteral("/v1/agents")).jsonArray();
        for (const QJsonValue &agent : blueAgents)
            QCOMPARE(agent.toObject().value(QStringLiteral("tenant_id")).toString(), QStringLiteral("blue"));
        // The admin sees both.
        QCOMPARE(api->admin().get(QStringLiteral("/v1/decisions/") + redDecisionId).status, 200);
    }

    void pagesWalkEveryRowOnce()
    {
        QVERIFY(api->createTenant(QStringLiteral("pages")));
        const QByteArray token = api->registerAgent(QStringLiteral("pager"), QStringLiteral("pages"));
        for (int i = 0; i < 23; ++i)
            QCOMPARE(api->authorize(token, QStringLiteral("t"), QStringLiteral("a%1").arg(i)).status, 200);

        for (const QString &kind : {QStringLiteral("decisions"), QStringLiteral("receipts")}) {
            QStringList seen;
            QString cursor;
            int pages = 0;
            do {
                QString path = QStringLiteral("/v1/%1?tenant_id=pages&limit=5").arg(kind);
                if (!cursor.isEmpty())
                    path += QStringLiteral("&cursor=") + cursor;
                const auto page = api->admin().get(path);
                QCOMPARE(page.status, 200);
                for (const QJsonValue &row : page.jsonArray())
                    seen.append(row.toObject().value(kind == QLatin1String("decisions") ? QStringLiteral("action") : QStringLiteral("action")).toString());
                cursor = QString::fromLatin1(page.header("x-next-cursor"));
                ++pages;
            } while (!cursor.isEmpty() && pages < 20);
            QCOMPARE(pages, 5);
            QCOMPARE(seen.size(), 23);
            QCOMPARE(QSet<QString>(seen.begin(), seen.end()).size(), 23);
            QCOMPARE(seen.first(), QStringLiteral("a22")); // newest first
        }
        const auto ascending = api->admin().get(QStringLiteral("/v1/receipts?tenant_id=pages&order=asc&limit=3")).jsonArray();
        QCOMPARE(ascending.at(0).toObject().value(QStringLiteral("seq")).toInt(), 1);
        QCOMPARE(ascending.at(2).toObject().value(QStringLiteral("seq")).toInt(), 3);
        for (const char *bad : {"limit=0", "limit=201", "limit=x", "cursor=garbage", "order=sideways"})
            QCOMPARE(api->admin().get(QStringLiteral("/v1/decisions?") + QLatin1String(bad)).status, 400);
    }

    void runbookPipelineVerifiesAsItIs()
    {
        // GET /v1/receipts (newest first, envelopes, several tenants) posted
        // back to verify-chain as it is.
        const auto receipts = api->admin().get(QStringLiteral("/v1/receipts?limit=200"));
        QCOMPARE(receipts.status, 200);
        QSet<QString> tenants;
        for (const QJsonValue &r : receipts.jsonArray())
            tenants.insert(r.toObject().value(QStringLiteral("tenant_id")).toString());
        QVERIFY2(tenants.size() >= 3, "the pipeline must cover several tenants");
        const QByteArray body = "{\"receipts\": " + receipts.body + "}";
        const auto verdict = api->admin().post(QStringLiteral("/v1/receipts/verify-chain"), body);
        QCOMPARE(verdict.status, 200);
        QVERIFY2(verdict.json().value(QStringLiteral("verified")).toBool(), verdict.body.constData());
        QCOMPARE(verdict.json().value(QStringLiteral("count")).toInt(), receipts.jsonArray().size());

        const auto empty = api->admin().post(QStringLiteral("/v1/receipts/verify-chain"), R"({"receipts":[]})");
        QCOMPARE(empty.json().value(QStringLiteral("count")).toInt(), 0);
        QCOMPARE(empty.json().value(QStringLiteral("error")).toString(), QStringLiteral("no receipts given"));
        QCOMPARE(api->admin().post(QStringLiteral("/v1/receipts/verify-chain"), R"({"receipts":"no"})").status, 400);

        const auto stored = api->admin().post(QStringLiteral("/v1/receipts/verify-range"), "");
        QCOMPARE(stored.status, 200);
        QVERIFY2(stored.json().value(QStringLiteral("verified")).toBool(), stored.body.constData());
        QCOMPARE(stored.json().value(QStringLiteral("count")).toInt(), int(count(QStringLiteral("receipts"))));
        QVERIFY(SqliteShell::scalar(db(), QStringLiteral("SELECT count(*) FROM chain_verifications WHERE verified = 1")).toInt() >= 1);
    }

    void exportVerifiesOfflineWithTheCli()
    {
        const auto exported = api->admin().get(QStringLiteral("/v1/receipts/export?tenant_id=pages"));
        QCOMPARE(exported.status, 200);
        QCOMPARE(exported.header("transfer-encoding"), QByteArray("chunked"));
        const QJsonObject document = QJsonDocument::fromJson(exported.body).object();
        QCOMPARE(document.value(QStringLiteral("canon_version")).toString(), QStringLiteral("aegis-jcs-1"));
        QCOMPARE(document.value(QStringLiteral("receipts")).toArray().size(), 23);
        QVERIFY(!document.value(QStringLiteral("receipts")).toArray().first().toObject().contains(QStringLiteral("seq")));

        QFile file(dir->filePath(QStringLiteral("pages.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(exported.body);
        file.close();
        QProcess cli;
        cli.start(QStringLiteral(AEGIS_VERIFY_RECEIPTS_BINARY), {file.fileName()});
        QVERIFY(cli.waitForFinished(30000));
        QCOMPARE(cli.exitCode(), 0);
        QCOMPARE(cli.readAllStandardOutput().trimmed(), QByteArray("VERIFIED: 23 receipt(s), chain intact."));
    }

    void singleReceiptVerification()
    {
        const auto latest = api->admin().get(QStringLiteral("/v1/receipts?limit=1")).jsonArray().first().toObject();
        const QString id = latest.value(QStringLiteral("event_id")).toString();
        const auto verdict = api->admin().get(QStringLiteral("/v1/receipts/%1/verify").arg(id)).json();
        QCOMPARE(verdict.value(QStringLiteral("verified")).toBool(), true);
        QCOMPARE(verdict.value(QStringLiteral("recomputed_hash")).toString(), latest.value(QStringLiteral("receipt_hash")).toString());
        QCOMPARE(verdict.value(QStringLiteral("signed")).toBool(), false);
        QVERIFY(verdict.value(QStringLiteral("signature_verified")).isNull());

        QVERIFY(SqliteShell::exec(db(), QStringLiteral("UPDATE receipts SET decision = 'allow', tool = 'edited' WHERE event_id = '%1'").arg(id)));
        const auto tampered = api->admin().get(QStringLiteral("/v1/receipts/%1/verify").arg(id)).json();
        QCOMPARE(tampered.value(QStringLiteral("verified")).toBool(), false);
        QVERIFY(tampered.value(QStringLiteral("recomputed_hash")).toString() != latest.value(QStringLiteral("receipt_hash")).toString());
        QCOMPARE(api->admin().get(QStringLiteral("/v1/receipts/nope/verify")).status, 404);
    }
};

QTEST_GUILESS_MAIN(AuthorizationTest)
#include "AuthorizationTest.moc"
