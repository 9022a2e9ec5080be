// Human approvals against the real gateway: a require_approval call opens
// an approval bound to its action hash; an admin approves or rejects it;
// the asking agent consumes it exactly once; every step is a receipt in the
// tenant's chain, and the chain verifies by every verifier.
#include "tests/support/GatewayApi.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"
#include "tests/support/SqliteShell.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QtConcurrent>
#include <QtTest>

#include <csignal>

using namespace aegis::test;

namespace {

QByteArray decisionBody(const QString &approver, const QString &reason)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("approver"), approver}, {QStringLiteral("reason"), reason}})
        .toJson(QJsonDocument::Compact);
}

QByteArray claimBody(const QString &hash)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("claimed_action_hash"), hash}}).toJson(QJsonDocument::Compact);
}

QString reasonOf(const HttpTestResponse &response)
{
    return response.json().value(QStringLiteral("reason")).toString();
}

} // namespace

class ApprovalTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDir> dir;
    std::unique_ptr<GatewayProcess> gateway;
    std::unique_ptr<GatewayApi> api;
    int tenants = 0;

    struct Agent
    {
        QString tenant;
        QString id;
        QByteArray token;
        HttpTestClient client;
    };

    // Each test in a tenant of its own, so that its chain tells its story only.
    Agent newAgent(const QString &tenant = {})
    {
        const QString name = tenant.isEmpty() ? QStringLiteral("t%1").arg(++tenants) : tenant;
        api->createTenant(name);
        QString id;
        const QByteArray token = api->registerAgent(QStringLiteral("agent-") + name, name, &id);
        return {name, id, token, api->asAgent(token)};
    }

    // Authorizes a call that the default policy sends to approval.
    QJsonObject requestApproval(const Agent &agent, const QString &action, const QString &value = QStringLiteral("main"),
                                const QString &requestId = {})
    {
        const auto response = agent.client.post(QStringLiteral("/v1/authorize"), GatewayApi::githubCallBody(action, value, requestId));
        if (response.status != 200)
            qWarning("authorize answered %d: %s", response.status, response.body.constData());
        return response.json();
    }

    HttpTestResponse approve(const QString &id, const QString &approver = QStringLiteral("Dana Reviewer"))
    {
        return api->admin().post(QStringLiteral("/v1/approvals/%1/approve").arg(id),
                                 decisionBody(approver, QStringLiteral("looked at the diff")));
    }

    // The tenant's receipts, oldest first.
    QJsonArray chain(const QString &tenant)
    {
        const auto page =
            api->admin().get(QStringLiteral("/v1/receipts?tenant_id=%1&order=asc&limit=200").arg(tenant));
        return page.jsonArray();
    }

    void verifyEveryWay(const QString &tenant)
    {
        const auto range = api->admin().post(QStringLiteral("/v1/receipts/verify-range"),
                                             QStringLiteral("{\"tenant_id\":\"%1\"}").arg(tenant).toUtf8());
        QVERIFY2(range.json().value(QStringLiteral("verified")).toBool(), range.body.constData());
        const auto receipts = api->admin().get(QStringLiteral("/v1/receipts?tenant_id=%1&limit=200").arg(tenant));
        const auto list = api->admin().post(QStringLiteral("/v1/receipts/verify-chain"),
                                            "{\"receipts\": " + receipts.body + "}");
        QVERIFY2(list.json().value(QStringLiteral("verified")).toBool(), list.body.constData());
        QVERIFY(list.json().value(QStringLiteral("count")).toInt() >= 2);
    }

private Q_SLOTS:
    void initTestCase()
    {
        dir = std::make_unique<ScratchDir>(QStringLiteral("approvals"));
        gateway = std::make_unique<GatewayProcess>(dir->path());
        QVERIFY2(gateway->start(), qPrintable(gateway->lastError()));
        api = std::make_unique<GatewayApi>(gateway->adminClient());
    }

    void cleanupTestCase()
    {
        QCOMPARE(gateway->stop(SIGTERM), 0);
        // The offline verifier reads every tenant's chain from the file.
        QProcess cli;
        cli.start(QStringLiteral(AEGIS_VERIFY_RECEIPTS_BINARY), {QStringLiteral("--db"), gateway->databasePath()});
        QVERIFY(cli.waitForFinished(60000));
        QVERIFY2(cli.exitCode() == 0, cli.readAllStandardError().constData());
    }

    void approvedCallIsConsumedExactlyOnce()
    {
        const Agent agent = newAgent();
        const QJsonObject answer = requestApproval(agent, QStringLiteral("merge_pull_request"));
        QCOMPARE(answer.value(QStringLiteral("decision")).toString(), QStringLiteral("require_approval"));
        const QJsonObject offer = answer.value(QStringLiteral("approval")).toObject();
        const QString id = offer.value(QStringLiteral("approval_id")).toString();
        const QString hash = answer.value(QStringLiteral("action_hash")).toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(offer.value(QStringLiteral("status")).toString(), QStringLiteral("created"));
        QCOMPARE(offer.value(QStringLiteral("action_hash")).toString(), hash);
        QCOMPARE(offer.value(QStringLiteral("approver_group")).toString(), QStringLiteral("default"));
        const QDateTime expires = QDateTime::fromString(offer.value(QStringLiteral("expires_at")).toString(), Qt::ISODateWithMs);
        const qint64 secondsLeft = QDateTime::currentDateTimeUtc().secsTo(expires);
        QVERIFY2(secondsLeft > 14 * 60 && secondsLeft <= 15 * 60, qPrintable(QString::number(secondsLeft)));

        // What the reviewer and the agent see: the exact call.
        const auto pending = agent.client.get(QStringLiteral("/v1/approvals/") + id);
        QCOMPARE(pending.status, 200);
        QCOMPARE(pending.json().value(QStringLiteral("status")).toString(), QStringLiteral("created"));
        QCOMPARE(pending.json().value(QStringLiteral("agent_id")).toString(), agent.id);
        const QJsonObject toolCall = pending.json().value(QStringLiteral("tool_call")).toObject();
        QCOMPARE(toolCall.value(QStringLiteral("action")).toString(), QStringLiteral("merge_pull_request"));
        QCOMPARE(toolCall.value(QStringLiteral("parameters")).toObject().value(QStringLiteral("base_branch")).toString(),
                 QStringLiteral("main"));
        QVERIFY(pending.json().value(QStringLiteral("approver_user_id")).isNull());

        // Only an admin decides, and says who they are.
        QCOMPARE(agent.client.post(QStringLiteral("/v1/approvals/%1/approve").arg(id), decisionBody(QStringLiteral("me"), {})).status, 403);
        QCOMPARE(api->admin().post(QStringLiteral("/v1/approvals/%1/approve").arg(id), "{}").status, 422);
        QCOMPARE(api->admin().post(QStringLiteral("/v1/approvals/nope/approve"), decisionBody(QStringLiteral("x"), {})).status, 404);
        // Consuming before the decision is refused and changes nothing.
        const auto early = agent.client.post(QStringLiteral("/v1/approvals/%1/consume").arg(id), "");
        QCOMPARE(early.status, 409);
        QCOMPARE(reasonOf(early), QStringLiteral("approval_not_approved"));

        const auto approved = approve(id);
        QCOMPARE(approved.status, 200);
        QCOMPARE(approved.json().value(QStringLiteral("status")).toString(), QStringLiteral("APPROVED"));
        QCOMPARE(approved.json().value(QStringLiteral("approver_user_id")).toString(), QStringLiteral("Dana Reviewer"));
        QVERIFY(!approved.json().value(QStringLiteral("decided_at")).toString().isEmpty());
        const auto again = approve(id, QStringLiteral("Someone Else"));
        QCOMPARE(again.status, 409);
        QCOMPARE(reasonOf(again), QStringLiteral("approval_already_decided"));
        QCOMPARE(reasonOf(api->admin().post(QStringLiteral("/v1/approvals/%1/reject").arg(id), decisionBody(QStringLiteral("x"), {}))),
                 QStringLiteral("approval_already_decided"));

        const auto consumed = agent.client.post(QStringLiteral("/v1/approvals/%1/consume").arg(id), claimBody(hash));
        QCOMPARE(consumed.status, 200);
        QCOMPARE(consumed.json().value(QStringLiteral("status")).toString(), QStringLiteral("consumed"));
        QCOMPARE(consumed.json().value(QStringLiteral("approval_id")).toString(), id);
        QCOMPARE(consumed.json().value(QStringLiteral("action_hash")).toString(), hash);
        const auto twice = agent.client.post(QStringLiteral("/v1/approvals/%1/consume").arg(id), claimBody(hash));
        QCOMPARE(twice.status, 409);
        QCOMPARE(reasonOf(twice), QStringLiteral("approval_already_consumed"));
        QCOMPARE(agent.client.get(QStringLiteral("/v1/approvals/") + id).json().value(QStringLiteral("status")).toString(),
                 QStringLiteral("CONSUMED"));

        // The chain: request, the human decision with the approver, the one consumption.
        const QJsonArray receipts = chain(agent.tenant);
        QCOMPARE(receipts.size(), 3);
        const QStringList decisions = {QStringLiteral("require_approval"), QStringLiteral("approved"), QStringLiteral("consumed")};
        for (int i = 0; i < 3; ++i) {
            const QJsonObject receipt = receipts.at(i).toObject();
            QCOMPARE(receipt.value(QStringLiteral("decision")).toString(), decisions.at(i));
            QCOMPARE(receipt.value(QStringLiteral("action_hash")).toString(), hash);
            QCOMPARE(receipt.value(QStringLiteral("agent_id")).toString(), agent.id);
            QCOMPARE(receipt.value(QStringLiteral("run_id")).toString(), QStringLiteral("run-7"));
            QCOMPARE(receipt.value(QStringLiteral("seq")).toInt(), i + 1);
        }
        QVERIFY(receipts.at(0).toObject().value(QStringLiteral("approver")).isNull());
        QCOMPARE(receipts.at(1).toObject().value(QStringLiteral("approver")).toString(), QStringLiteral("Dana Reviewer"));
        QVERIFY(receipts.at(2).toObject().value(QStringLiteral("approver")).isNull());
        QCOMPARE(receipts.at(2).toObject().value(QStringLiteral("event_id")).toString(),
                 consumed.json().value(QStringLiteral("receipt")).toObject().value(QStringLiteral("receipt_id")).toString());
        verifyEveryWay(agent.tenant);
    }

    void rejectedCallNeverRuns()
    {
        const Agent agent = newAgent();
        const QString id = requestApproval(agent, QStringLiteral("delete_branch")).value(QStringLiteral("approval"))
                               .toObject().value(QStringLiteral("approval_id")).toString();
        const auto rejected = api->admin().post(QStringLiteral("/v1/approvals/%1/reject").arg(id),
                                                decisionBody(QStringLiteral("Sam"), QStringLiteral("not on a Friday")));
        QCOMPARE(rejected.status, 200);
        QCOMPARE(rejected.json().value(QStringLiteral("status")).toString(), QStringLiteral("REJECTED"));
        const auto seen = agent.client.get(QStringLiteral("/v1/approvals/") + id).json();
        QCOMPARE(seen.value(QStringLiteral("status")).toString(), QStringLiteral("REJECTED"));
        QCOMPARE(seen.value(QStringLiteral("reason")).toString(), QStringLiteral("not on a Friday"));
        QCOMPARE(seen.value(QStringLiteral("approver_user_id")).toString(), QStringLiteral("Sam"));
        QCOMPARE(reasonOf(approve(id)), QStringLiteral("approval_already_decided"));
        QCOMPARE(reasonOf(agent.client.post(QStringLiteral("/v1/approvals/%1/consume").arg(id), "")),
                 QStringLiteral("approval_not_approved"));

        const QJsonArray receipts = chain(agent.tenant);
        QCOMPARE(receipts.size(), 2);
        QCOMPARE(receipts.at(1).toObject().value(QStringLiteral("decision")).toString(), QStringLiteral("rejected"));
        QCOMPARE(receipts.at(1).toObject().value(QStringLiteral("approver")).toString(), QStringLiteral("Sam"));
        verifyEveryWay(agent.tenant);
    }

    void anotherCallsHashCannotConsume()
    {
        const Agent agent = newAgent();
        const QJsonObject answer = requestApproval(agent, QStringLiteral("merge_pull_request"), QStringLiteral("staging"));
        const QString id = answer.value(QStringLiteral("approval")).toObject().value(QStringLiteral("approval_id")).toString();
        const QString hash = answer.value(QStringLiteral("action_hash")).toString();
        QCOMPARE(approve(id).status, 200);
        // The same tool and action on another branch is another call.
        const QString otherHash = requestApproval(agent, QStringLiteral("merge_pull_request"), QStringLiteral("main"))
                                      .value(QStringLiteral("action_hash")).toString();
        QVERIFY(otherHash != hash);
        const auto mismatch = agent.client.post(QStringLiteral("/v1/approvals/%1/consume").arg(id), claimBody(otherHash));
        QCOMPARE(mismatch.status, 409);
        QCOMPARE(reasonOf(mismatch), QStringLiteral("action_hash_mismatch"));
        // The refusal spent nothing: the approved call still runs once.
        QCOMPARE(agent.client.post(QStringLiteral("/v1/approvals/%1/consume").arg(id), claimBody(hash)).status, 200);
        verifyEveryWay(agent.tenant);
    }

    void concurrentConsumesExactlyOneWins()
    {
        const Agent agent = newAgent();
        const QJsonObject answer = requestApproval(agent, QStringLiteral("deploy"));
        const QString id = answer.value(QStringLiteral("approval")).toObject().value(QStringLiteral("approval_id")).toString();
        QCOMPARE(approve(id).status, 200);
        constexpr int Racers = 12;
        QThreadPool pool;
        pool.setMaxThreadCount(Racers);
        QList<QFuture<int>> racers;
        for (int i = 0; i < Racers; ++i) {
            racers.append(QtConcurrent::run(&pool, [client = agent.client, id] {
                return client.post(QStringLiteral("/v1/approvals/%1/consume").arg(id), "").status;
            }));
        }
        int won = 0, refused = 0;
        for (auto &racer : racers) {
            const int status = racer.result();
            won += status == 200;
            refused += status == 409;
        }
        QCOMPARE(won, 1);
        QCOMPARE(refused, Racers - 1);
        int consumedReceipts = 0;
        for (const auto &receipt : chain(agent.tenant))
            consumedReceipts += receipt.toObject().value(QStringLiteral("decision")).toString() == QLatin1String("consumed");
        QCOMPARE(consumedReceipts, 1);
        verifyEveryWay(agent.tenant);
    }

    void otherTenantsSeeNothing()
    {
        const Agent owner = newAgent();
        const Agent neighbour = newAgent(owner.tenant + QStringLiteral("-neighbour"));
        const QString id = requestApproval(owner, QStringLiteral("deploy")).value(QStringLiteral("approval")).toObject()
                               .value(QStringLiteral("approval_id")).toString();
        QCOMPARE(approve(id).status, 200);
        QCOMPARE(neighbour.client.get(QStringLiteral("/v1/approvals/") + id).status, 404);
        QCOMPARE(neighbour.client.post(QStringLiteral("/v1/approvals/%1/consume").arg(id), "").status, 404);
        QVERIFY(!neighbour.client.get(QStringLiteral("/v1/approvals")).body.contains(id.toLatin1()));
        QVERIFY(owner.client.get(QStringLiteral("/v1/approvals")).body.contains(id.toLatin1()));
        QVERIFY(api->admin().get(QStringLiteral("/v1/approvals")).body.contains(id.toLatin1()));

        // In the same tenant, only the agent that asked may run it.
        QString otherId;
        const QByteArray colleague = api->registerAgent(QStringLiteral("colleague"), owner.tenant, &otherId);
        QCOMPARE(api->asAgent(colleague).post(QStringLiteral("/v1/approvals/%1/consume").arg(id), "").status, 403);
        // An admin may consume on the agent's behalf (the reference SDK does so).
        QCOMPARE(api->admin().post(QStringLiteral("/v1/approvals/%1/consume").arg(id), "").status, 200);
    }

    void frozenAgentCannotRunAnApprovedCall()
    {
        const Agent agent = newAgent();
        const QString id = requestApproval(agent, QStringLiteral("deploy")).value(QStringLiteral("approval")).toObject()
                               .value(QStringLiteral("approval_id")).toString();
        QCOMPARE(approve(id).status, 200);
        QCOMPARE(api->admin().post(QStringLiteral("/v1/agents/%1/freeze").arg(agent.id), "").status, 200);
        // Not even with the admin key, which the reference SDK consumes with.
        QCOMPARE(api->admin().post(QStringLiteral("/v1/approvals/%1/consume").arg(id), "").status, 403);
        QCOMPARE(agent.client.post(QStringLiteral("/v1/approvals/%1/consume").arg(id), "").status, 403);
        QCOMPARE(agent.client.get(QStringLiteral("/v1/approvals/") + id).json().value(QStringLiteral("status")).toString(),
                 QStringLiteral("APPROVED"));
        QCOMPARE(api->admin().post(QStringLiteral("/v1/agents/%1/unfreeze").arg(agent.id), "").status, 200);
        QCOMPARE(agent.client.post(QStringLiteral("/v1/approvals/%1/consume").arg(id), "").status, 200);
    }

    void replayedRequestIdCannotObtainAnotherCallsApproval()
    {
        const Agent agent = newAgent();
        const QJsonObject first = requestApproval(agent, QStringLiteral("merge_pull_request"), QStringLiteral("staging"),
                                                  QStringLiteral("req-1"));
        const QJsonObject offer = first.value(QStringLiteral("approval")).toObject();
        const QString id = offer.value(QStringLiteral("approval_id")).toString();
        QVERIFY(!id.isEmpty());
        // The same call again: the same approval, nothing new.
        const QJsonObject replay = requestApproval(agent, QStringLiteral("merge_pull_request"), QStringLiteral("staging"),
                                                   QStringLiteral("req-1"));
        QCOMPARE(replay.value(QStringLiteral("approval")).toObject().value(QStringLiteral("approval_id")).toString(), id);

        // Another call under the same request id never gets an approval of its own.
        const auto swapped = agent.client.post(QStringLiteral("/v1/authorize"),
                                               GatewayApi::githubCallBody(QStringLiteral("merge_pull_request"), QStringLiteral("main"), QStringLiteral("req-1")));
        if (swapped.status == 200) {
            const QJsonObject got = swapped.json().value(QStringLiteral("approval")).toObject();
            QCOMPARE(got.value(QStringLiteral("approval_id")).toString(), id);
            QCOMPARE(got.value(QStringLiteral("action_hash")).toString(), offer.value(QStringLiteral("action_hash")).toString());
        } else {
            QCOMPARE(swapped.status, 409);
        }
        const auto approvals = api->admin().get(QStringLiteral("/v1/approvals?tenant_id=") + agent.tenant).jsonArray();
        QCOMPARE(approvals.size(), 1);

        // Approved, it still releases only the call that was reviewed.
        QCOMPARE(approve(id).status, 200);
        const QString swappedHash = requestApproval(agent, QStringLiteral("merge_pull_request"), QStringLiteral("main"))
                                        .value(QStringLiteral("action_hash")).toString();
        QCOMPARE(reasonOf(agent.client.post(QStringLiteral("/v1/approvals/%1/consume").arg(id), claimBody(swappedHash))),
                 QStringLiteral("action_hash_mismatch"));
    }

    void listsFilterByStatusAndPage()
    {
        const Agent agent = newAgent();
        QStringList ids;
        for (int i = 0; i < 5; ++i)
            ids.prepend(requestApproval(agent, QStringLiteral("step_%1").arg(i)).value(QStringLiteral("approval")).toObject()
                            .value(QStringLiteral("approval_id")).toString());
        QCOMPARE(approve(ids.at(0)).status, 200);
        const QString base = QStringLiteral("/v1/approvals?tenant_id=%1").arg(agent.tenant);
        auto idsOf = [](const QJsonArray &array) {
            QStringList out;
            for (const auto &value : array)
                out << value.toObject().value(QStringLiteral("approval_id")).toString();
            return out;
        };
        QCOMPARE(idsOf(api->admin().get(base).jsonArray()), ids); // newest first
        QCOMPARE(idsOf(api->admin().get(base + QStringLiteral("&status=created")).jsonArray()), ids.mid(1));
        QCOMPARE(idsOf(api->admin().get(base + QStringLiteral("&status=APPROVED")).jsonArray()), ids.mid(0, 1));
        QCOMPARE(api->admin().get(base + QStringLiteral("&status=maybe")).status, 400);

        const auto firstPage = api->admin().get(base + QStringLiteral("&limit=2"));
        QCOMPARE(idsOf(firstPage.jsonArray()), ids.mid(0, 2));
        const QByteArray cursor = firstPage.header("X-Next-Cursor");
        QVERIFY(!cursor.isEmpty());
        QCOMPARE(idsOf(api->admin().get(base + QStringLiteral("&limit=2&cursor=") + QString::fromLatin1(cursor)).jsonArray()),
                 ids.mid(2, 2));
        QCOMPARE(idsOf(api->admin().get(base + QStringLiteral("&limit=2&offset=2")).jsonArray()), ids.mid(2, 2));
        QCOMPARE(idsOf(api->admin().get(base + QStringLiteral("&limit=2&offset=4")).jsonArray()), ids.mid(4, 1));
    }

    void pendingApprovalsExpire()
    {
        ScratchDir expiring(QStringLiteral("approvals-expiry"));
        GatewayProcess quick(expiring.path());
        quick.setEnv(QStringLiteral("AEGIS_APPROVAL_TTL"), QStringLiteral("2s"));
        QVERIFY2(quick.start(), qPrintable(quick.lastError()));
        GatewayApi quickApi(quick.adminClient());
        const QByteArray token = quickApi.registerAgent(QStringLiteral("hurried"));
        const HttpTestClient agent = quickApi.asAgent(token);

        const QJsonObject left = agent.post(QStringLiteral("/v1/authorize"), GatewayApi::githubCallBody(QStringLiteral("deploy"), QStringLiteral("a"))).json();
        const QJsonObject decided = agent.post(QStringLiteral("/v1/authorize"), GatewayApi::githubCallBody(QStringLiteral("deploy"), QStringLiteral("b"))).json();
        const QString leftId = left.value(QStringLiteral("approval")).toObject().value(QStringLiteral("approval_id")).toString();
        const QString decidedId = decided.value(QStringLiteral("approval")).toObject().value(QStringLiteral("approval_id")).toString();
        QCOMPARE(quick.adminClient().post(QStringLiteral("/v1/approvals/%1/approve").arg(decidedId),
                                          decisionBody(QStringLiteral("Dana"), {})).status, 200);

        // Nobody decided in time: it expires, and nothing can revive it.
        QTRY_COMPARE_WITH_TIMEOUT(agent.get(QStringLiteral("/v1/approvals/") + leftId).json().value(QStringLiteral("status")).toString(),
                                  QStringLiteral("EXPIRED"), 20000);
        const auto late = quick.adminClient().post(QStringLiteral("/v1/approvals/%1/approve").arg(leftId),
                                                   decisionBody(QStringLiteral("Dana"), {}));
        QCOMPARE(late.status, 409);
        QCOMPARE(reasonOf(late), QStringLiteral("approval_expired"));
        QVERIFY(quick.adminClient().get(QStringLiteral("/v1/approvals?status=expired")).body.contains(leftId.toLatin1()));
        QVERIFY(!quick.adminClient().get(QStringLiteral("/v1/approvals?status=created")).body.contains(leftId.toLatin1()));

        // Approved in time but not run in time: the window is over as well.
        const QDateTime expires = QDateTime::fromString(
            decided.value(QStringLiteral("approval")).toObject().value(QStringLiteral("expires_at")).toString(), Qt::ISODateWithMs);
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() > expires, 20000);
        const auto stale = agent.post(QStringLiteral("/v1/approvals/%1/consume").arg(decidedId), "");
        QCOMPARE(stale.status, 409);
        QCOMPARE(reasonOf(stale), QStringLiteral("approval_expired"));
        QCOMPARE(quick.stop(SIGTERM), 0);
    }
};

QTEST_GUILESS_MAIN(ApprovalTest)
#include "ApprovalTest.moc"
