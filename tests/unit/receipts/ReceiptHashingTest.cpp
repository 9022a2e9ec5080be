// The spec's vectors (RECEIPTS.md): the action hash example, both receipt
// hashes, and how envelope and extra fields are treated.
#include "common/crypto/Ed25519Signer.h"
#include "common/json/JsonParser.h"
#include "common/receipts/ActionHash.h"
#include "common/receipts/ReceiptBody.h"
#include "common/receipts/ReceiptHasher.h"

#include <QtTest>

using namespace aegis;

namespace {

const QString R1Hash = QStringLiteral("e7b50943aa236c8af3e3ec8f6bfcd0af55a493be393618bd6ced441219022790");
const QString R2Hash = QStringLiteral("f3b23fc84b7cce3ada02f804fb75c987c09a1600d1d078568a5b3d560ea84c9e");

ReceiptBody specR1()
{
    ReceiptBody r;
    r.eventId = QStringLiteral("0b6f3c1e-8a52-4f7e-9d4a-1c2b3d4e5f60");
    r.ts = QStringLiteral("2026-11-26T09:30:00.000000Z");
    r.agentId = QStringLiteral("5d1c7a52-3f0e-4b8e-a7a4-2b9f6c0d1e23");
    r.userId = QStringLiteral("alice");
    r.runId = QStringLiteral("run-7");
    r.tool = QStringLiteral("jira");
    r.action = QStringLiteral("create_issue");
    r.sourceTrust = QStringLiteral("trusted_internal_signed");
    r.decision = QStringLiteral("require_approval");
    r.actionHash = QStringLiteral("a47304021195cce42ade11905422d8cc7c9adf539c3f9dc5f34ee11976647e85");
    r.prevReceiptHash = QString();
    return r;
}

JsonValue parsed(const QByteArray &json)
{
    QString error;
    const auto value = JsonParser::parseDocument(json, &error);
    if (!value)
        qFatal("test JSON does not parse: %s", qPrintable(error));
    return *value;
}

} // namespace

class ReceiptHashingTest : public QObject
{
    Q_OBJECT

private slots:
    void specActionHash()
    {
        const JsonValue toolCall = parsed(
            "{\"tool\":\"jira\",\"action\":\"create_issue\",\"resource\":null,\"mutates_state\":true,"
            "\"parameters\":{\"project\":\"OPS\",\"labels\":[\"dr\",\"drill\"],\"priority\":2,"
            "\"title\":\"Restore drill \xe2\x80\x94 Z\xc3\xbcrich\"}}");
        QCOMPARE(ActionHash::compute(toolCall), std::optional<QString>(QStringLiteral(
            "a47304021195cce42ade11905422d8cc7c9adf539c3f9dc5f34ee11976647e85")));
    }

    void actionHashResourceAbsentIsNullAndExtraKeysDropped()
    {
        const JsonValue toolCall = parsed(
            "{\"parameters\":{\"priority\":2,\"title\":\"Restore drill \xe2\x80\x94 Z\xc3\xbcrich\",\"labels\":[\"dr\","
            "\"drill\"],\"project\":\"OPS\"},\"mutates_state\":true,\"action\":\"create_issue\",\"tool\":\"jira\","
            "\"dry_run\":false}");
        QCOMPARE(*ActionHash::compute(toolCall), QStringLiteral("a47304021195cce42ade11905422d8cc7c9adf539c3f9dc5f34ee11976647e85"));
    }

    void actionHashKeepsNumberLexemes()
    {
        // Reference: parameters {"n":1.0} and {"n":1} hash differently.
        const JsonValue asFloat = parsed(R"({"tool":"jira","action":"create_issue","mutates_state":true,"parameters":{"n":1.0}})");
        const JsonValue asInt = parsed(R"({"tool":"jira","action":"create_issue","mutates_state":true,"parameters":{"n":1}})");
        QCOMPARE(*ActionHash::compute(asFloat), QStringLiteral("dcb520e08cd4775f43416fe7af04beb112c0f067976083a378000f362018a815"));
        QCOMPARE(*ActionHash::compute(asInt), QStringLiteral("2746479b67f8a99ecc5c3d86795f1b227594fee4c60d420f92c38e5565199db4"));
    }

    void actionHashNeedsTheRequiredKeys()
    {
        QString error;
        QVERIFY(!ActionHash::compute(parsed(R"({"tool":"jira","action":"x","parameters":{}})"), &error));
        QVERIFY2(error.contains(QStringLiteral("mutates_state")), qPrintable(error));
        QVERIFY(!ActionHash::compute(parsed("[]"), &error));
    }

    void specReceiptHashes()
    {
        const ReceiptBody r1 = specR1();
        QCOMPARE(r1.receiptHash(), std::optional<QString>(R1Hash));

        ReceiptBody r2 = r1;
        r2.eventId = QStringLiteral("7e2d9b40-1c3a-4d5e-8f6a-9b0c1d2e3f41");
        r2.ts = QStringLiteral("2026-11-26T09:30:01.250000Z");
        r2.tool = QStringLiteral("github");
        r2.action = QStringLiteral("list_pull_requests");
        r2.resource = QStringLiteral("payments");
        r2.sourceTrust = QStringLiteral("untrusted_external");
        r2.decision = QStringLiteral("allow");
        r2.actionHash = QString(64, QLatin1Char('0'));
        r2.prevReceiptHash = R1Hash;
        QCOMPARE(r2.receiptHash(), std::optional<QString>(R2Hash));
    }

    void bodyHasFourteenFieldsWithNulls()
    {
        const JsonValue body = specR1().toJson();
        QCOMPARE(body.size(), 14);
        QCOMPARE(ReceiptBody::fieldNames().size(), 14);
        for (const QByteArray &name : ReceiptBody::fieldNames())
            QVERIFY2(body.contains(name), name.constData());
        QVERIFY(body.value("trace_id").isNull());
        QVERIFY(body.value("approver").isNull());
        QVERIFY(body.value("prev_receipt_hash").isString());
        QCOMPARE(body.value("prev_receipt_hash").toString(), QString());
    }

    void envelopeFieldsAreNotHashed()
    {
        JsonValue receipt = specR1().toJson();
        receipt.insert("receipt_hash", JsonValue(R1Hash));
        receipt.insert("tenant_id", JsonValue(QStringLiteral("default")));
        receipt.insert("seq", JsonValue::fromInteger(1));
        receipt.insert("decision_id", JsonValue(QStringLiteral("d-1")));
        receipt.insert("canon_version", JsonValue(QStringLiteral("aegis-jcs-1")));
        receipt.insert("signature", JsonValue());
        receipt.insert("signer_public_key", JsonValue());
        receipt.insert("signer_key_id", JsonValue());
        receipt.insert("created_at", JsonValue(QStringLiteral("2026-11-26T09:30:00.012Z")));
        QCOMPARE(ReceiptHasher::receiptHash(receipt), std::optional<QString>(R1Hash));
        QCOMPARE(ReceiptHasher::hashedBody(receipt).size(), 14);
    }

    void extraFieldsAreHashed()
    {
        // Reference values: r1 plus the extra fields, hashed by Python.
        JsonValue withNote = specR1().toJson();
        withNote.insert("note", JsonValue(QStringLiteral("x")));
        QCOMPARE(*ReceiptHasher::receiptHash(withNote), QStringLiteral("17004180dfdb345becfc6f23fb49f72e1a7d6f2a7279ef272fa0f0b2ad6ac0cf"));

        JsonValue withExecuted = specR1().toJson();
        withExecuted.insert("executed_hash", JsonValue(QString(64, QLatin1Char('1'))));
        withExecuted.insert("cost", *JsonValue::fromNumberText("1.0"));
        QCOMPARE(*ReceiptHasher::receiptHash(withExecuted), QStringLiteral("db5e8c0fc749cda74e1f370f00c07a50c5b90c0c5e314e56846db8674d73e2cd"));
        withExecuted.insert("cost", JsonValue::fromInteger(1));
        QCOMPARE(*ReceiptHasher::receiptHash(withExecuted), QStringLiteral("cb4b4e393613cd47c27a17f5cab3d53e291dd1628b90522855d3ee79e8062f3f"));
    }

    void signingTheSpecReceipt()
    {
        const auto signer = Ed25519Signer::fromKeySpec(QStringLiteral("0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"));
        QVERIFY(signer);
        // The signed message is the ASCII text of receipt_hash.
        QCOMPARE(signer->sign(specR1().receiptHash()->toLatin1()),
            QStringLiteral("a8d0976bbb4b35b1b19fdbafdca55f4c7b031cb46b77dd0811065e98af53c46d8f49ccf1c3c4af90f66d0499701510bce0aea819db689e1b5e79579fef90b50e"));
    }
};

QTEST_GUILESS_MAIN(ReceiptHashingTest)
#include "ReceiptHashingTest.moc"
