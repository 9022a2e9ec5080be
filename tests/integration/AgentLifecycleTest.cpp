// The agent lifecycle as the reference SDK calls it (freeze, unfreeze,
// revoke), its X-Aegis-Tenant-ID header, and paging by offset, against the
// real gateway.
#include "tests/support/GatewayApi.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"

#include <QJsonArray>
#include <QtTest>

#include <csignal>

using namespace aegis::test;

class AgentLifecycleTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDir> dir;
    std::unique_ptr<GatewayProcess> gateway;
    std::unique_ptr<GatewayApi> api;

    HttpTestResponse verb(const QString &agentId, const QString &name)
    {
        return api->admin().post(QStringLiteral("/v1/agents/%1/%2").arg(agentId, name), "");
    }

    static QStringList field(const QJsonArray &array, const QString &key)
    {
        QStringList out;
        for (const auto &value : array)
            out << value.toObject().value(key).toString();
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        dir = std::make_unique<ScratchDir>(QStringLiteral("agent-lifecycle"));
        gateway = std::make_unique<GatewayProcess>(dir->path());
        QVERIFY2(gateway->start(), qPrintable(gateway->lastError()));
        api = std::make_unique<GatewayApi>(gateway->adminClient());
    }

    void cleanupTestCase()
    {
        QCOMPARE(gateway->stop(SIGTERM), 0);
    }

    void freezeUnfreezeRevoke()
    {
        QString id;
        const QByteArray token = api->registerAgent(QStringLiteral("lifecycle"), QStringLiteral("default"), &id);
        QCOMPARE(api->authorize(token, QStringLiteral("t"), QStringLiteral("read")).status, 200);

        const auto frozen = verb(id, QStringLiteral("freeze"));
        QCOMPARE(frozen.status, 200);
        QCOMPARE(frozen.json().value(QStringLiteral("status")).toString(), QStringLiteral("success"));
        QCOMPARE(frozen.json().value(QStringLiteral("agent")).toObject().value(QStringLiteral("status")).toString(),
                 QStringLiteral("frozen"));
        const auto refused = api->authorize(token, QStringLiteral("t"), QStringLiteral("read"));
        QCOMPARE(refused.status, 403);
        QCOMPARE(refused.json().value(QStringLiteral("decision")).toString(), QStringLiteral("deny"));
        // Recorded like the PATCH: the agent's own record says so.
        QCOMPARE(api->admin().get(QStringLiteral("/v1/agents/") + id).json().value(QStringLiteral("status")).toString(),
                 QStringLiteral("frozen"));

        QCOMPARE(verb(id, QStringLiteral("unfreeze")).status, 200);
        QCOMPARE(api->authorize(token, QStringLiteral("t"), QStringLiteral("read")).status, 200);

        QCOMPARE(verb(id, QStringLiteral("revoke")).status, 200);
        QCOMPARE(api->authorize(token, QStringLiteral("t"), QStringLiteral("read")).status, 403);
        // Revocation is for good: the verbs do not undo it.
        QCOMPARE(verb(id, QStringLiteral("unfreeze")).status, 409);
        QCOMPARE(verb(id, QStringLiteral("freeze")).status, 409);
        QCOMPARE(api->admin().get(QStringLiteral("/v1/agents/") + id).json().value(QStringLiteral("status")).toString(),
                 QStringLiteral("revoked"));

        QCOMPARE(verb(QStringLiteral("no-such-agent"), QStringLiteral("freeze")).status, 404);
        QString otherId;
        const QByteArray other = api->registerAgent(QStringLiteral("bystander"), QStringLiteral("default"), &otherId);
        QCOMPARE(api->asAgent(other).post(QStringLiteral("/v1/agents/%1/freeze").arg(otherId), "").status, 403);
        QCOMPARE(api->admin().get(QStringLiteral("/v1/agents/%1/freeze").arg(otherId)).status, 405);
    }

    void tenantHeaderMustMatchTheAgentsTenant()
    {
        QVERIFY(api->createTenant(QStringLiteral("tenant_123")));
        const QByteArray token = api->registerAgent(QStringLiteral("sdk-agent"), QStringLiteral("tenant_123"));
        const QByteArray body = GatewayApi::authorizeBody(QStringLiteral("t"), QStringLiteral("read"), false);
        const HttpTestClient agent = api->asAgent(token);
        QCOMPARE(agent.post(QStringLiteral("/v1/authorize"), body, {{"X-Aegis-Tenant-ID", "tenant_123"}}).status, 200);
        const auto wrong = agent.post(QStringLiteral("/v1/authorize"), body, {{"X-Aegis-Tenant-ID", "default"}});
        QCOMPARE(wrong.status, 403);
        QVERIFY(wrong.json().value(QStringLiteral("message")).toString().contains(QStringLiteral("X-Aegis-Tenant-ID")));
        QCOMPARE(agent.get(QStringLiteral("/v1/decisions"), {{"X-Aegis-Tenant-ID", "default"}}).status, 403);
        QCOMPARE(agent.get(QStringLiteral("/v1/decisions"), {{"X-Aegis-Tenant-ID", "tenant_123"}}).status, 200);
        // The admin token spans tenants; the header does not narrow or refuse it.
        QCOMPARE(api->admin().get(QStringLiteral("/v1/agents"), {{"X-Aegis-Tenant-ID", "tenant_123"}}).status, 200);
    }

    void offsetPagesAreDisjoint_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QString>("key");
        QTest::newRow("agents") << QStringLiteral("/v1/agents?tenant_id=paging") << QStringLiteral("id");
        QTest::newRow("decisions") << QStringLiteral("/v1/decisions?tenant_id=paging") << QStringLiteral("id");
        QTest::newRow("receipts") << QStringLiteral("/v1/receipts?tenant_id=paging") << QStringLiteral("event_id");
    }

    void offsetPagesAreDisjoint()
    {
        QFETCH(QString, path);
        QFETCH(QString, key);
        if (api->admin().get(QStringLiteral("/v1/agents?tenant_id=paging")).jsonArray().isEmpty()) {
            QVERIFY(api->createTenant(QStringLiteral("paging")));
            for (int i = 0; i < 5; ++i) {
                const QByteArray token = api->registerAgent(QStringLiteral("pager-%1").arg(i), QStringLiteral("paging"));
                QCOMPARE(api->authorize(token, QStringLiteral("t"), QStringLiteral("read")).status, 200);
            }
        }
        const QStringList all = field(api->admin().get(path + QStringLiteral("&limit=5")).jsonArray(), key);
        QCOMPARE(all.size(), 5);
        QCOMPARE(field(api->admin().get(path + QStringLiteral("&limit=2&offset=0")).jsonArray(), key), all.mid(0, 2));
        QCOMPARE(field(api->admin().get(path + QStringLiteral("&limit=2&offset=2")).jsonArray(), key), all.mid(2, 2));
        const auto last = api->admin().get(path + QStringLiteral("&limit=2&offset=4"));
        QCOMPARE(field(last.jsonArray(), key), all.mid(4, 1));
        QVERIFY(last.header("X-Next-Cursor").isEmpty());
        QVERIFY(api->admin().get(path + QStringLiteral("&limit=2&offset=5")).jsonArray().isEmpty());

        QCOMPARE(api->admin().get(path + QStringLiteral("&offset=-1")).status, 400);
        QCOMPARE(api->admin().get(path + QStringLiteral("&offset=two")).status, 400);
        const QByteArray cursor = api->admin().get(path + QStringLiteral("&limit=2")).header("X-Next-Cursor");
        QCOMPARE(api->admin().get(path + QStringLiteral("&offset=1&cursor=") + QString::fromLatin1(cursor)).status, 400);
    }
};

QTEST_GUILESS_MAIN(AgentLifecycleTest)
#include "AgentLifecycleTest.moc"
