// The list verifier on receipts made by the Python reference
// (tests/data/receipts, see make_fixtures.py there).
#include "common/json/JsonParser.h"
#include "common/receipts/ChainListVerifier.h"

#include <QFile>
#include <QJsonDocument>
#include <QtTest>

using namespace aegis;

namespace {

const QString R1Hash = QStringLiteral("e7b50943aa236c8af3e3ec8f6bfcd0af55a493be393618bd6ced441219022790");
const QString R2Hash = QStringLiteral("f3b23fc84b7cce3ada02f804fb75c987c09a1600d1d078568a5b3d560ea84c9e");
const QString R2Id = QStringLiteral("7e2d9b40-1c3a-4d5e-8f6a-9b0c1d2e3f41");

JsonValue fixture(const char *name)
{
    QFile file(QStringLiteral(AEGIS_SOURCE_DIR "/tests/data/receipts/") + QString::fromLatin1(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", name);
    QString error;
    const auto value = JsonParser::parseDocument(file.readAll(), &error);
    if (!value)
        qFatal("fixture %s: %s", name, qPrintable(error));
    return *value;
}

JsonValue parsed(const QByteArray &json)
{
    return *JsonParser::parseDocument(json);
}

JsonValue arrayOf(std::initializer_list<JsonValue> elements)
{
    JsonValue out = JsonValue::array();
    for (const JsonValue &element : elements)
        out.append(element);
    return out;
}

ChainVerificationReport verified(const JsonValue &input, ChainListVerifier::Options options = {})
{
    QString error;
    const auto report = ChainListVerifier::verify(input, options, &error);
    if (!report)
        qFatal("unexpected shape error: %s", qPrintable(error));
    return *report;
}

} // namespace

class ChainListVerifierTest : public QObject
{
    Q_OBJECT

private slots:
    void intactSpecChain()
    {
        const auto report = verified(fixture("spec-chain.json"));
        QVERIFY(report.verified());
        QVERIFY(!report.isEmpty());
        QCOMPARE(report.count(), 2);
        QCOMPARE(QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact),
            QByteArray(R"({"count":2,"tenants":{"":{"count":2,"first_failure":null,"head":")")
                + R2Hash.toLatin1() + QByteArray(R"(","verified":true}},"verified":true})"));
    }

    void tamperedReceiptAnswerShape()
    {
        const auto report = verified(fixture("spec-chain-tampered.json"));
        QVERIFY(!report.verified());
        const QJsonObject expected = QJsonDocument::fromJson(
            R"json({"verified":false,"count":2,
                "error":"hash mismatch at index 1 (receipt 7e2d9b40-1c3a-4d5e-8f6a-9b0c1d2e3f41)",
                "tenants":{"":{"verified":false,"count":2,
                  "head":"f3b23fc84b7cce3ada02f804fb75c987c09a1600d1d078568a5b3d560ea84c9e",
                  "first_failure":{"index":1,"seq":null,"receipt_id":"7e2d9b40-1c3a-4d5e-8f6a-9b0c1d2e3f41",
                    "kind":"hash_mismatch",
                    "expected":"8468c95d3993007c12bc5cbe1bd123e1dbdd63b321616c27ac162ee667ef1a2a",
                    "actual":"f3b23fc84b7cce3ada02f804fb75c987c09a1600d1d078568a5b3d560ea84c9e"}}}})json")
                                             .object();
        QCOMPARE(report.toJson(), expected);
        QVERIFY(!report.firstFailure()->second.message.isEmpty());
    }

    void rowStatuses()
    {
        QStringList statuses;
        ChainListVerifier::Options options;
        options.onReceipt = [&](const ReceiptCheck &check) { statuses << ReceiptCheck::statusName(check.status); };
        verified(fixture("spec-chain-tampered.json"), options);
        QCOMPARE(statuses, QStringList({QStringLiteral("OK"), QStringLiteral("TAMPERED")}));
    }

    void newestFirstPageWithEnvelopesAndTwoTenants()
    {
        QList<QPair<QString, qint64>> order;
        ChainListVerifier::Options options;
        options.onReceipt = [&](const ReceiptCheck &check) {
            order << qMakePair(check.tenantId, *check.seq);
            QCOMPARE(check.status, ReceiptCheck::Status::Ok);
        };
        const auto report = verified(fixture("page-newest-first.json"), options);
        QVERIFY2(report.verified(), qPrintable(report.errorText()));
        QCOMPARE(report.count(), 6);
        QCOMPARE(report.tenants().size(), size_t(2));
        QCOMPARE(report.tenants().at(QStringLiteral("acme")).count, 3);
        QCOMPARE(report.tenants().at(QStringLiteral("default")).count, 3);
        // Ordered by seq within each tenant, whatever the page order was.
        QCOMPARE(order.first(), qMakePair(QStringLiteral("acme"), qint64(1)));
        QCOMPARE(order.at(3), qMakePair(QStringLiteral("default"), qint64(3)));
        QCOMPARE(order.last(), qMakePair(QStringLiteral("default"), qint64(5)));
        QCOMPARE(report.tenants().at(QStringLiteral("default")).headSeq, std::optional<qint64>(5));
        // Wrapped the way the runbook posts it.
        JsonValue wrapped = JsonValue::object();
        wrapped.insert("receipts", fixture("page-newest-first.json"));
        QVERIFY(verified(wrapped).verified());
    }

    void envelopeEditsDoNotMatterButContentEditsDo()
    {
        JsonValue page = fixture("page-newest-first.json");
        JsonValue edited = JsonValue::array();
        for (JsonValue receipt : page.elements()) {
            receipt.insert("created_at", JsonValue(QStringLiteral("1999-01-01T00:00:00Z")));
            receipt.insert("decision_id", JsonValue());
            edited.append(receipt);
        }
        QVERIFY(verified(edited).verified());

        // Edit default's seq 4 (second of its slice, so index 1).
        JsonValue tampered = JsonValue::array();
        for (JsonValue receipt : page.elements()) {
            if (receipt.value("tenant_id").toString() == QLatin1String("default") && receipt.value("seq").toInt64() == 4)
                receipt.insert("decision", JsonValue(QStringLiteral("allow")));
            tampered.append(receipt);
        }
        const auto report = verified(tampered);
        QVERIFY(!report.verified());
        QVERIFY(report.tenants().at(QStringLiteral("acme")).verified());
        const ChainFailure failure = *report.tenants().at(QStringLiteral("default")).firstFailure;
        QCOMPARE(failure.kind, ChainFailure::Kind::HashMismatch);
        QCOMPARE(failure.index, 1);
        QCOMPARE(failure.seq, std::optional<qint64>(4));
        QVERIFY(report.errorText().startsWith(QStringLiteral("hash mismatch at index 1 (receipt ")));
        QVERIFY(report.errorText().endsWith(QStringLiteral(" in tenant default")));
    }

    void exportWithExtraFields()
    {
        const JsonValue exported = fixture("export-extra-fields.json");
        const auto report = verified(exported);
        QVERIFY2(report.verified(), qPrintable(report.errorText()));
        QCOMPARE(report.count(), 3);
        QVERIFY(report.tenants().count(QStringLiteral("acme")));

        // An export is a whole chain: without its first receipt it fails.
        JsonValue shortened = exported;
        JsonValue rest = JsonValue::array();
        rest.append(exported.value("receipts").at(1));
        rest.append(exported.value("receipts").at(2));
        shortened.insert("receipts", rest);
        const auto cut = verified(shortened);
        QVERIFY(!cut.verified());
        QCOMPARE(cut.firstFailure()->second.kind, ChainFailure::Kind::BrokenLink);
        QCOMPARE(cut.firstFailure()->second.index, 0);
        // The same receipts as a bare list are a slice, and verify.
        QVERIFY(verified(rest).verified());
    }

    void sliceAndFullChain()
    {
        const JsonValue r2 = fixture("spec-chain.json").at(1);
        QVERIFY(verified(arrayOf({r2})).verified());
        ChainListVerifier::Options full;
        full.fullChain = true;
        const auto report = verified(arrayOf({r2}), full);
        QVERIFY(!report.verified());
        const ChainFailure failure = report.firstFailure()->second;
        QCOMPARE(failure.kind, ChainFailure::Kind::BrokenLink);
        QCOMPARE(failure.index, 0);
        QCOMPARE(failure.expected, QString());
        QCOMPARE(failure.actual, R1Hash);
    }

    void genesisRuleWhenFirstSeqIsOne()
    {
        JsonValue r2 = fixture("spec-chain.json").at(1);
        r2.insert("seq", JsonValue::fromInteger(1));
        const auto report = verified(arrayOf({r2}));
        QCOMPARE(report.firstFailure()->second.kind, ChainFailure::Kind::BrokenLink);
        QCOMPARE(report.firstFailure()->second.seq, std::optional<qint64>(1));
    }

    void reorderedIsBrokenLink()
    {
        const JsonValue chain = fixture("spec-chain.json");
        QStringList statuses;
        ChainListVerifier::Options options;
        options.onReceipt = [&](const ReceiptCheck &check) { statuses << ReceiptCheck::statusName(check.status); };
        const auto report = verified(arrayOf({chain.at(1), chain.at(0)}), options);
        QCOMPARE(report.firstFailure()->second.kind, ChainFailure::Kind::BrokenLink);
        QCOMPARE(report.firstFailure()->second.index, 1);
        QCOMPARE(report.firstFailure()->second.receiptId, std::optional<QString>(QStringLiteral("0b6f3c1e-8a52-4f7e-9d4a-1c2b3d4e5f60")));
        QCOMPARE(statuses, QStringList({QStringLiteral("OK"), QStringLiteral("BROKEN")}));
        QCOMPARE(report.errorText(), QStringLiteral("broken link at index 1 (receipt 0b6f3c1e-8a52-4f7e-9d4a-1c2b3d4e5f60)"));
    }

    void droppedMiddleIsBrokenLink()
    {
        QList<JsonValue> acme;
        const JsonValue page = fixture("page-newest-first.json");
        for (const JsonValue &receipt : page.elements()) {
            if (receipt.value("tenant_id").toString() == QLatin1String("acme") && receipt.value("seq").toInt64() != 2) {
                JsonValue bare = receipt;
                bare.remove("seq"); // given order then, so only the link shows the gap
                acme.prepend(bare);
            }
        }
        const auto report = verified(arrayOf({acme[0], acme[1]}));
        QCOMPARE(report.firstFailure()->second.kind, ChainFailure::Kind::BrokenLink);
        QCOMPARE(report.firstFailure()->second.index, 1);
    }

    void seqGap()
    {
        const JsonValue chain = fixture("spec-chain.json");
        JsonValue r1 = chain.at(0);
        JsonValue r2 = chain.at(1);
        r1.insert("seq", JsonValue::fromInteger(1));
        r2.insert("seq", JsonValue::fromInteger(3)); // seq is envelope: hashes still fine
        const auto report = verified(arrayOf({r1, r2}));
        const ChainFailure failure = report.firstFailure()->second;
        QCOMPARE(failure.kind, ChainFailure::Kind::SeqGap);
        QCOMPARE(failure.index, 1);
        QCOMPARE(failure.seq, std::optional<qint64>(3));
        QCOMPARE(failure.expected, QStringLiteral("2"));
        QCOMPARE(failure.actual, QStringLiteral("3"));
    }

    void duplicatedReceiptIsSeqGap()
    {
        const JsonValue chain = fixture("spec-chain.json");
        JsonValue r1 = chain.at(0);
        JsonValue r2 = chain.at(1);
        r1.insert("seq", JsonValue::fromInteger(1));
        r2.insert("seq", JsonValue::fromInteger(2));
        const auto report = verified(arrayOf({r1, r2, r2}));
        QCOMPARE(report.firstFailure()->second.index, 2);
        QVERIFY(report.firstFailure()->second.kind == ChainFailure::Kind::BrokenLink);
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("second");
        QTest::addColumn<QString>("actual");
        QTest::newRow("not an object") << QByteArray("42") << QStringLiteral("(a number)");
        QTest::newRow("no receipt_hash") << QByteArray(R"({"event_id":"e2"})") << QStringLiteral("(missing)");
        QTest::newRow("short receipt_hash") << QByteArray(R"({"event_id":"e2","receipt_hash":"abc"})") << QStringLiteral("abc");
        QTest::newRow("receipt_hash not a string") << QByteArray(R"({"event_id":"e2","receipt_hash":null})") << QStringLiteral("(null)");
        QTest::newRow("seq not an integer") << QByteArray(R"({"event_id":"e2","seq":"2","receipt_hash":")") + QByteArray(64, 'a') + "\"}"
                                            << QStringLiteral("\"2\"");
        QTest::newRow("another scheme") << QByteArray(R"({"event_id":"e2","canon_version":"jcs-2","receipt_hash":")") + QByteArray(64, 'a') + "\"}"
                                        << QStringLiteral("jcs-2");
    }

    void malformed()
    {
        QFETCH(QByteArray, second);
        QFETCH(QString, actual);
        QStringList statuses;
        ChainListVerifier::Options options;
        options.onReceipt = [&](const ReceiptCheck &check) { statuses << ReceiptCheck::statusName(check.status); };
        const JsonValue chain = fixture("spec-chain.json");
        const auto report = verified(arrayOf({chain.at(0), parsed(second), chain.at(1)}), options);
        const ChainFailure failure = report.firstFailure()->second;
        QCOMPARE(failure.kind, ChainFailure::Kind::Malformed);
        QCOMPARE(failure.index, 1);
        QCOMPARE(failure.actual, actual);
        QCOMPARE(statuses.size(), 3);
        QCOMPARE(statuses.at(1), QStringLiteral("MALFORMED"));
        QCOMPARE(report.count(), 3);
    }

    void emptyListIsNotGreen()
    {
        for (const QByteArray &input : {QByteArray("[]"), QByteArray(R"({"receipts":[]})")}) {
            const auto report = verified(parsed(input));
            QVERIFY(report.isEmpty());
            QVERIFY(report.verified());
            QCOMPARE(report.count(), 0);
            QCOMPARE(report.toJson(),
                QJsonDocument::fromJson(R"({"verified":true,"count":0,"error":"no receipts given","tenants":{}})").object());
        }
    }

    void wrongShape_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("number") << QByteArray("42");
        QTest::newRow("object without receipts") << QByteArray(R"({"items":[]})");
        QTest::newRow("receipts not an array") << QByteArray(R"({"receipts":{}})");
        QTest::newRow("unknown canon_version") << QByteArray(R"({"canon_version":"x","receipts":[]})");
        QTest::newRow("tenant_id not a string") << QByteArray(R"({"tenant_id":5,"receipts":[]})");
    }

    void wrongShape()
    {
        QFETCH(QByteArray, input);
        QString error;
        QVERIFY(!ChainListVerifier::verify(parsed(input), &error));
        QVERIFY(!error.isEmpty());
    }

    void expectedHeadsFindACutTail()
    {
        // The spec's two-receipt chain against a manifest that recorded three.
        ExpectedHead head;
        head.count = 3;
        head.seq = 3;
        head.receiptHash = QString(64, QLatin1Char('c'));
        ChainListVerifier::Options options;
        options.expectedHeads.emplace(QString(), head);
        const auto cut = verified(fixture("spec-chain.json"), options);
        QVERIFY(!cut.verified());
        QCOMPARE(cut.tenants().at(QString()).firstFailure->kind, ChainFailure::Kind::Truncated);

        // A tenant the manifest knows that is not in the list at all.
        ExpectedHead other;
        other.count = 1;
        other.seq = 1;
        other.receiptHash = R1Hash;
        options.expectedHeads.clear();
        options.expectedHeads.emplace(QStringLiteral("gone"), other);
        const auto missing = verified(fixture("spec-chain.json"), options);
        QVERIFY(!missing.verified());
        QCOMPARE(missing.tenants().at(QStringLiteral("gone")).firstFailure->kind, ChainFailure::Kind::Truncated);

        // Matching heads pass.
        ExpectedHead exact;
        exact.count = 2;
        exact.seq = 2;
        exact.receiptHash = R2Hash;
        options.expectedHeads.clear();
        options.expectedHeads.emplace(QString(), exact);
        const auto exactReport = verified(fixture("spec-chain.json"), options);
        QVERIFY2(exactReport.verified(), qPrintable(exactReport.errorText()));
    }

    void headsForAManifest()
    {
        const auto report = verified(fixture("page-newest-first.json"));
        const ExpectedHeads heads = report.heads();
        QCOMPARE(heads.at(QStringLiteral("default")).count, 3);
        QCOMPARE(heads.at(QStringLiteral("default")).seq, std::optional<qint64>(5));
        QCOMPARE(heads.at(QStringLiteral("default")).receiptHash, *report.tenants().at(QStringLiteral("default")).headHash);
    }
};

QTEST_GUILESS_MAIN(ChainListVerifierTest)
#include "ChainListVerifierTest.moc"
