// docs/api.md promised parameters back "exactly as the agent sent them
// (number text and all)"; they come back in the canonical form that was
// hashed (RECEIPTS.md), which is what a verifier needs. This pins down that
// form, as the documentation now states it: keys sorted, integers exact at
// any size, other numbers as the shortest round-trip double (1E+2 is
// 100.0), escapes decoded, and of duplicate keys the last value, as the
// reference's json.loads keeps it.
#include "common/crypto/Sha256.h"
#include "tests/support/GatewayApi.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"

#include <QtTest>

#include <csignal>

using namespace aegis;
using namespace aegis::test;

namespace {

const QByteArray SentParameters = "{\"n\":1E+2,\"f\":1.50,\"big\":123456789012345678901234567890,\"e\":\"\\u00e9\","
                                  "\"a\":1,\"a\":2,\"z\":[1.0,-0.0,1e-7,10]}";
// What RECEIPTS.md's canonical(value) makes of it, written out by hand.
const QByteArray CanonicalParameters = "{\"a\":2,\"big\":123456789012345678901234567890,\"e\":\"\xc3\xa9\",\"f\":1.5,"
                                       "\"n\":100.0,\"z\":[1.0,-0.0,1e-07,10]}";

} // namespace

class ParameterFormTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parametersComeBackInTheCanonicalFormThatWasHashed()
    {
        ScratchDir dir(QStringLiteral("parameter-form"));
        GatewayProcess gateway(dir.path());
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        GatewayApi api(gateway.adminClient());
        const QByteArray token = api.registerAgent(QStringLiteral("numbers"));
        QVERIFY(!token.isEmpty());

        const QByteArray body = "{\"tool_call\":{\"tool\":\"t\",\"action\":\"read\",\"resource\":null,\"mutates_state\":false,"
                                "\"parameters\":" + SentParameters + "},\"context\":{\"source_trust\":\"trusted_internal_signed\"}}";
        const auto answer = api.asAgent(token).post(QStringLiteral("/v1/authorize"), body);
        QVERIFY2(answer.status == 200, answer.body.constData());

        // The action hash is over the canonical form, computed here without
        // the gateway's own canonicalizer.
        const QByteArray canonicalToolCall = "{\"action\":\"read\",\"mutates_state\":false,\"parameters\":" + CanonicalParameters
            + ",\"resource\":null,\"tool\":\"t\"}";
        QCOMPARE(answer.json().value(QStringLiteral("action_hash")).toString(), Sha256::hex(canonicalToolCall));

        // The decision serves exactly those bytes, so the hash can be
        // recomputed from the answer.
        const QString decisionId = answer.json().value(QStringLiteral("decision_id")).toString();
        const auto decision = gateway.adminClient().get(QStringLiteral("/v1/decisions/") + decisionId);
        QCOMPARE(decision.status, 200);
        QVERIFY2(decision.body.contains(QByteArray("\"parameters\":" + CanonicalParameters)), decision.body.constData());

        // A number no double can hold has no canonical form: refused, not rounded.
        const auto tooLarge = api.asAgent(token).post(
            QStringLiteral("/v1/authorize"),
            "{\"tool_call\":{\"tool\":\"t\",\"action\":\"read\",\"mutates_state\":false,\"parameters\":{\"x\":1e400}},"
            "\"context\":{\"source_trust\":\"trusted_internal_signed\"}}");
        QCOMPARE(tooLarge.status, 422);
        QCOMPARE(tooLarge.json().value(QStringLiteral("field")).toString(), QStringLiteral("tool_call.parameters"));
        QCOMPARE(gateway.stop(SIGTERM), 0);
    }
};

QTEST_GUILESS_MAIN(ParameterFormTest)
#include "ParameterFormTest.moc"
