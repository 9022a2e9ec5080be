// The fast verification engine against the general one it stands in for:
// the row hasher's canonical bytes against CanonicalJson, tenants verified
// in parallel against the same tenants in turn, and the streaming file
// verifier against ChainListVerifier on the parsed document. Each pair
// must give the same bytes or the same report, errors included.
#include "common/crypto/Ed25519Signer.h"
#include "common/json/CanonicalJson.h"
#include "common/json/JsonParser.h"
#include "common/receipts/ChainFileVerifier.h"
#include "common/receipts/ChainListVerifier.h"
#include "common/receipts/DatabaseChainVerifier.h"
#include "common/receipts/EvidenceJson.h"
#include "common/receipts/ReceiptBody.h"
#include "common/receipts/ReceiptRowHasher.h"
#include "tests/support/CodePointSamples.h"
#include "tests/support/ReceiptChainBuilder.h"
#include "tests/support/ScratchDir.h"

#include <QFile>
#include <QJsonDocument>
#include <QtTest>

#include <algorithm>

using namespace aegis;
using aegis::test::CodePointSamples;
using aegis::test::ReceiptChainBuilder;
using aegis::test::ScratchDir;

namespace {

ReceiptRowHasher::Fields fieldsOf(const ReceiptBody &body, std::vector<QByteArray> &storage)
{
    const JsonValue json = body.toJson();
    storage.clear();
    storage.reserve(ReceiptRowHasher::FieldCount);
    ReceiptRowHasher::Fields fields;
    const QByteArrayList &names = ReceiptBody::fieldNames();
    for (int i = 0; i < ReceiptRowHasher::FieldCount; ++i) {
        const JsonValue &value = json.value(names[i]);
        if (value.isNull())
            continue;
        storage.push_back(value.stringUtf8());
        fields[size_t(i)] = {storage.back().constData(), storage.back().size()};
    }
    return fields;
}

ReceiptBody bodyWith(const QString &text, bool nulls)
{
    ReceiptBody body;
    body.eventId = QStringLiteral("0b6f3c1e-8a52-4f7e-9d4a-1c2b3d4e5f60");
    body.ts = QStringLiteral("2026-11-26T09:30:00.000000Z");
    body.agentId = text;
    if (!nulls) {
        body.userId = text;
        body.runId = QString();
        body.traceId = text + text;
        body.resource = text;
        body.sourceTrust = QStringLiteral("trusted_internal_signed");
        body.approver = text;
    }
    body.tool = text;
    body.action = QStringLiteral("create_issue");
    body.decision = QStringLiteral("allow");
    body.actionHash = QString(64, QLatin1Char('0'));
    body.prevReceiptHash = QString();
    return body;
}

QByteArray compact(const ChainVerificationReport &report)
{
    return QJsonDocument(report.toJson()).toJson(QJsonDocument::Compact);
}

// A receipt as GET /v1/receipts gives it.
JsonValue receipt(const QString &tenant, qint64 seq, const QString &prev, const QString &decision = QStringLiteral("allow"),
    const QString &agent = QString())
{
    ReceiptBody body = bodyWith(agent.isEmpty() ? QStringLiteral("agent-%1").arg(tenant) : agent, seq % 2 == 0);
    body.eventId = QStringLiteral("00000000-0000-4000-8000-%1").arg(seq, 12, 10, QLatin1Char('0'));
    body.decision = decision;
    body.prevReceiptHash = prev;
    JsonValue out = body.toJson();
    out.insert("receipt_hash", JsonValue(*body.receiptHash()));
    out.insert("tenant_id", JsonValue(tenant));
    out.insert("seq", JsonValue::fromInteger(seq));
    return out;
}

// count receipts of tenant's chain, oldest first.
QList<JsonValue> chain(const QString &tenant, int count, const QString &agent = QString())
{
    QList<JsonValue> out;
    QString prev = QStringLiteral("");
    for (int seq = 1; seq <= count; ++seq) {
        out << receipt(tenant, seq, prev, QStringLiteral("allow"), agent);
        prev = out.last().value("receipt_hash").toString();
    }
    return out;
}

QByteArray listText(const QList<JsonValue> &receipts)
{
    JsonValue array = JsonValue::array();
    for (const JsonValue &r : receipts)
        array.append(r);
    return EvidenceJson::serialize(array);
}

// The receipts signed as the gateway signs them (RECEIPTS.md's check key).
QList<JsonValue> signedReceipts(QList<JsonValue> receipts)
{
    const auto signer = Ed25519Signer::fromKeySpec(
        QStringLiteral("ops:0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20"));
    for (JsonValue &r : receipts) {
        r.insert("signature", JsonValue(signer->sign(r.value("receipt_hash").stringUtf8())));
        r.insert("signer_public_key", JsonValue(signer->publicKeyHex()));
        r.insert("signer_key_id", JsonValue(signer->keyId()));
    }
    return receipts;
}

// Each receipt's members in reverse key order, otherwise canonical.
QByteArray reversedKeysText(const QList<JsonValue> &receipts)
{
    QByteArray out = "[";
    for (const JsonValue &r : receipts) {
        if (out.size() > 1)
            out += ',';
        out += '{';
        const auto &members = r.members();
        std::vector<const JsonMember *> sorted;
        for (const JsonMember &m : members)
            sorted.push_back(&m);
        std::sort(sorted.begin(), sorted.end(), [](const JsonMember *x, const JsonMember *y) { return x->key > y->key; });
        for (size_t k = 0; k < sorted.size(); ++k) {
            if (k)
                out += ',';
            out += EvidenceJson::serialize(JsonValue::fromUtf8(sorted[k]->key)) + ':' + EvidenceJson::serialize(sorted[k]->value);
        }
        out += '}';
    }
    return out + ']';
}

struct Rows
{
    QStringList lines;
    ReceiptCallback callback()
    {
        return [this](const ReceiptCheck &check) {
            lines << QStringLiteral("%1 %2 %3 %4")
                         .arg(check.tenantId)
                         .arg(check.index)
                         .arg(ReceiptCheck::statusName(check.status), check.receiptId);
        };
    }
};

} // namespace

class VerifierEngineTest : public QObject
{
    Q_OBJECT

private slots:
    void rowHasherWritesWhatCanonicalJsonWrites()
    {
        QStringList texts = CodePointSamples::pieces(40);
        texts << QString() << QStringLiteral("plain") << QStringLiteral("quote \" backslash \\ slash /")
              << QStringLiteral("\b\t\n\f\r\x01\x1f\x7f") << QStringLiteral("line\u2028para\u2029")
              << QStringLiteral("Zürich — 東京 ") + QString::fromUcs4(U"\U0001F600");
        ReceiptRowHasher hasher;
        std::vector<QByteArray> storage;
        for (const QString &text : texts) {
            for (const bool nulls : {false, true}) {
                const ReceiptBody body = bodyWith(text, nulls);
                QVERIFY(hasher.canonicalize(fieldsOf(body, storage)));
                const auto expected = CanonicalJson::serialize(body.toJson());
                QVERIFY(expected);
                QCOMPARE(hasher.canonical().toByteArray(), *expected);
                std::array<char, 64> hex;
                QVERIFY(hasher.hash(fieldsOf(body, storage), hex));
                QCOMPARE(QString::fromLatin1(hex.data(), 64), *body.receiptHash());
            }
        }
    }

    void rowHasherRefusesWhatHasNoCanonicalForm()
    {
        ReceiptRowHasher hasher;
        std::vector<QByteArray> storage;
        ReceiptRowHasher::Fields fields = fieldsOf(bodyWith(QStringLiteral("x"), true), storage);
        // Invalid UTF-8, an encoded surrogate, a sequence cut short.
        for (const QByteArray &bad : {QByteArray("\xff"), QByteArray("\xed\xa0\x80"), QByteArray("ab\xe2\x82")}) {
            fields[2] = {bad.constData(), bad.size()};
            QVERIFY(!hasher.canonicalize(fields));
        }
    }

    void parallelTenantsReportAsInTurn_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::newRow("intact") << QString();
        QTest::newRow("two tenants tampered")
            << QStringLiteral("UPDATE receipts SET decision = 'deny' WHERE tenant_id = 't2' AND seq = 30;"
                              "DELETE FROM receipts WHERE tenant_id = 't4' AND seq = 7;"
                              "UPDATE receipts SET run_id = 5 WHERE tenant_id = 'default' AND seq = 3");
        QTest::newRow("after a failure, rows go on") // a later intact row must not hide the first failure
            << QStringLiteral("UPDATE receipts SET receipt_hash = upper(receipt_hash) WHERE tenant_id = 't3' AND seq = 2");
        QTest::newRow("truncated against the heads") << QStringLiteral("DELETE FROM receipts WHERE tenant_id = 't1' AND seq > 40");
    }

    void parallelTenantsReportAsInTurn()
    {
        QFETCH(QString, sql);
        ScratchDir scratch(QStringLiteral("parallel-") + QString::fromLatin1(QTest::currentDataTag()));
        ReceiptChainBuilder builder(scratch.filePath(QStringLiteral("aegis.db")));
        QVERIFY2(builder.open(), qPrintable(builder.errorString()));
        for (const QString &tenant : {QStringLiteral("t1"), QStringLiteral("t2"), QStringLiteral("t3"), QStringLiteral("t4")})
            QVERIFY(builder.addTenant(tenant) && builder.addReceipts(tenant, 50 + int(tenant.back().digitValue())));
        QVERIFY(builder.addReceipts(QStringLiteral("default"), 5));
        const ExpectedHeads heads = builder.heads();
        if (!sql.isEmpty())
            QVERIFY2(builder.exec(sql), qPrintable(builder.errorString()));
        builder.close();

        // A callback per receipt makes the verifier go tenant by tenant on
        // one connection; without one, tenants go in parallel.
        for (const bool withHeads : {false, true}) {
            DatabaseChainVerifier::Options inTurn;
            Rows rows;
            inTurn.onReceipt = rows.callback();
            DatabaseChainVerifier::Options parallel;
            QList<qint64> progress;
            parallel.progress = [&progress](qint64 done) { progress << done; };
            if (withHeads) {
                inTurn.expectedHeads = heads;
                parallel.expectedHeads = heads;
            }
            QString error;
            const auto expected = DatabaseChainVerifier(inTurn).verifyFile(builder.path(), &error);
            QVERIFY2(expected, qPrintable(error));
            const auto actual = DatabaseChainVerifier(parallel).verifyFile(builder.path(), &error);
            QVERIFY2(actual, qPrintable(error));
            QCOMPARE(compact(*actual), compact(*expected));
            QCOMPARE(actual->heads(), expected->heads());
            QVERIFY(!progress.isEmpty());
            QCOMPARE(progress.last(), actual->count());
            QVERIFY(std::is_sorted(progress.begin(), progress.end()));
            QCOMPARE(rows.lines.size(), expected->count());
        }
    }

    void parallelRunCanBeCancelled()
    {
        ScratchDir scratch(QStringLiteral("parallel-cancel"));
        ReceiptChainBuilder builder(scratch.filePath(QStringLiteral("aegis.db")));
        QVERIFY2(builder.open() && builder.addTenant(QStringLiteral("t1")), qPrintable(builder.errorString()));
        QVERIFY(builder.addReceipts(QStringLiteral("default"), 20000));
        QVERIFY(builder.addReceipts(QStringLiteral("t1"), 20000));
        builder.close();
        DatabaseChainVerifier::Options options;
        options.cancelled = [] { return true; };
        QString error;
        const auto report = DatabaseChainVerifier(options).verifyFile(builder.path(), &error);
        QVERIFY2(report, qPrintable(error));
        QVERIFY(report->isCancelled());
        QVERIFY(!report->verified());
        QVERIFY(report->count() < 40000);
    }

    void streamingFileAsParsedWhole_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<bool>("withRows");

        const QList<JsonValue> a = chain(QStringLiteral("acme"), 6);
        const QList<JsonValue> d = chain(QStringLiteral("default"), 4);
        QList<JsonValue> interleaved;
        for (int i = 0; i < 6; ++i) {
            interleaved << a[i];
            if (i < 4)
                interleaved << d[i];
        }
        QList<JsonValue> newestFirst(interleaved.rbegin(), interleaved.rend());
        QList<JsonValue> tampered = a;
        tampered[2].insert("decision", JsonValue(QStringLiteral("deny")));
        QList<JsonValue> dropped = a;
        dropped.removeAt(3);
        QList<JsonValue> noSeq = a;
        for (JsonValue &r : noSeq) {
            r.remove("seq");
            r.remove("tenant_id");
        }
        const QByteArray exportBody = listText(noSeq);

        for (const bool withRows : {false, true}) {
            const QByteArray tag = withRows ? " (rows)" : "";
            // newRow copies the tag.
            const auto row = [&tag](const char *name) {
                return &QTest::newRow(QByteArray(QByteArray(name) + tag).constData());
            };
            *row("oldest first, two tenants") << QByteArray("{\"receipts\":" + listText(interleaved) + "}") << withRows;
            *row("newest first, two tenants") << listText(newestFirst) << withRows;
            *row("tampered") << listText(tampered) << withRows;
            *row("dropped") << listText(dropped) << withRows;
            *row("export")
                << QByteArray("{\"canon_version\":\"aegis-jcs-1\",\"tenant_id\":\"acme\",\"receipts\":" + exportBody + "}") << withRows;
            *row("export, tenant and canon_version after the receipts")
                << QByteArray("{\"receipts\":" + exportBody + ",\"tenant_id\":\"acme\",\"canon_version\":\"aegis-jcs-1\"}") << withRows;
            *row("export without its first receipt")
                << QByteArray("{\"canon_version\":\"aegis-jcs-1\",\"receipts\":" + listText(noSeq.mid(1)) + "}") << withRows;
            *row("receipts given twice: the last counts")
                << QByteArray("{\"receipts\":" + listText(tampered) + ",\"receipts\":" + listText(a) + "}") << withRows;
            *row("not receipts at all") << QByteArray("[1,\"x\",null,{}]") << withRows;
            *row("empty") << QByteArray(" [ ] ") << withRows;
        }
        // The scanner's lane (receipts written canonically) against the
        // parser's, receipt by receipt: what it declines must still come
        // out as the parser and ChainVerifier::add say.
        const QByteArray plain = listText(a);
        const QString awkward = QStringLiteral("q\" b\\ n\n t\t c\x01\x1f del\x7f / Zürich \u2028 ")
            + QString::fromUcs4(U"\U0001F600");
        const auto firstReceipt = [&plain](const QByteArray &from, const QByteArray &to) {
            QByteArray text = plain;
            return text.replace(text.indexOf(from), from.size(), to);
        };
        const QList<QPair<const char *, QByteArray>> scanned = {
            {"scanned: escapes and non-ASCII written canonically", listText(chain(QStringLiteral("acme"), 4, awkward))},
            {"scanned: whitespace between tokens", QByteArray(plain).replace("\":", "\" :\t").replace(",\"", ",\n  \"")},
            {"scanned: keys in reverse order", reversedKeysText(a)},
            {"scanned: a key given twice, the last counts", firstReceipt("{\"action\"", "{\"decision\":\"deny\",\"action\"")},
            {"scanned: a key given twice, the last tampers", firstReceipt("{\"action\"", "{\"action\":\"x\",\"action\"")},
            {"scanned: non-canonical escape \\u002d", QByteArray(plain).replace("agent-acme", "agent\\u002dacme")},
            {"scanned: escape \\/", QByteArray(plain).replace("agent-acme", "agent\\/acme")},
            {"scanned: uppercase \\u001F", QByteArray(plain).replace("agent-acme", "agent\\u001Facme")},
            {"scanned: \\u000a for \\n", QByteArray(plain).replace("agent-acme", "agent\\u000aacme")},
            {"scanned: invalid UTF-8 in a receipt", firstReceipt("agent-acme", "agent-\xC3\x28" "acme")},
            {"scanned: overlong UTF-8", firstReceipt("agent-acme", "agent-\xC0\xAF" "acme")},
            {"scanned: surrogate in UTF-8", firstReceipt("agent-acme", "agent-\xED\xA0\x80" "acme")},
            {"scanned: raw control character", firstReceipt("agent-acme", "agent-\x01" "acme")},
            {"scanned: lone surrogate escape", firstReceipt("agent-acme", "agent-\\ud800acme")},
            {"scanned: float, nested and negative extra fields",
                QByteArray(plain).replace("{\"action\"", "{\"a\":1.0,\"b\":{\"c\":[1,-0]},\"action\"")},
            {"scanned: extra integer field", firstReceipt("{\"action\"", "{\"a\":12345678901234567890123,\"action\"")},
            {"scanned: leading zero", firstReceipt("\"seq\":1", "\"seq\":01")},
            {"scanned: seq as a string", firstReceipt("\"seq\":1", "\"seq\":\"1\"")},
            {"scanned: seq 0", firstReceipt("\"seq\":1", "\"seq\":0")},
            {"scanned: seq beyond 64 bits", firstReceipt("\"seq\":1", "\"seq\":99999999999999999999")},
            {"scanned: seq with an exponent", firstReceipt("\"seq\":1", "\"seq\":1e0")},
            {"scanned: tenant_id null", QByteArray(plain).replace("\"tenant_id\":\"acme\"", "\"tenant_id\":null")},
            {"scanned: tenant_id a number", firstReceipt("\"tenant_id\":\"acme\"", "\"tenant_id\":7")},
            {"scanned: canon_version on each receipt",
                QByteArray(plain).replace("\"seq\"", "\"canon_version\":\"aegis-jcs-1\",\"seq\"")},
            {"scanned: unknown canon_version", firstReceipt("\"seq\"", "\"canon_version\":\"aegis-jcs-2\",\"seq\"")},
            {"scanned: receipt_hash a number", firstReceipt("\"receipt_hash\":\"", "\"receipt_hash\":1,\"x\":\"")},
            {"scanned: receipt_hash escaped", firstReceipt("\"receipt_hash\":\"", "\"receipt_hash\":\"\\u0030")},
            {"scanned: prev_receipt_hash null", firstReceipt("\"prev_receipt_hash\":\"\"", "\"prev_receipt_hash\":null")},
            {"scanned: event_id null", firstReceipt("\"event_id\":\"", "\"event_id\":null,\"y\":\"")},
            {"scanned: envelope fields null",
                QByteArray(plain).replace("\"seq\"", "\"signature\":null,\"signer_key_id\":null,\"signer_public_key\":null,\"seq\"")},
            {"scanned: trailing comma in a receipt", firstReceipt("\"seq\":1,", "\"seq\":1,}")},
            {"scanned: literal cut short", firstReceipt("\"approver\":null", "\"approver\":nul")},
            {"scanned: true and false", QByteArray(plain).replace("{\"action\"", "{\"a\":true,\"b\":false,\"action\"")},
        };
        const QByteArray signedText = listText(signedReceipts(a));
        const auto firstSigned = [&signedText](const QByteArray &from, const QByteArray &to) {
            QByteArray text = signedText;
            return text.replace(text.indexOf(from), from.size(), to);
        };
        const QList<QPair<const char *, QByteArray>> signatures = {
            {"signed", signedText},
            {"signed, one forged", QByteArray(signedText).replace(signedText.indexOf("\"signature\":\"") + 13, 2, "00")},
            {"signed, signatures too long", QByteArray(signedText).replace("\"signature\":\"", "\"signature\":\"ABCD")},
            {"signed, a signature a number", firstSigned("\"signature\":\"", "\"signature\":1,\"z\":\"")},
            {"signed, a signature escaped", firstSigned("\"signature\":\"", "\"signature\":\"\\u0030")},
            {"signed, a key null", firstSigned("\"signer_public_key\":\"", "\"signer_public_key\":null,\"z\":\"")},
            {"signed, a key missing", firstSigned("\"signer_public_key\":\"", "\"z\":\"")},
            {"signed, a signature null", firstSigned("\"signature\":\"", "\"signature\":null,\"z\":\"")},
        };
        for (const auto &[name, text] : scanned)
            QTest::newRow(name) << text << false;
        for (const auto &[name, text] : signatures) {
            QTest::newRow(name) << text << false;
            QTest::newRow(QByteArray(QByteArray(name) + " (rows)").constData()) << text << true;
        }
        QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF" + listText(a)) << false;
        QTest::newRow("wrong shape") << QByteArray("{\"receipts\":5}") << false;
        QTest::newRow("bad canon_version") << QByteArray("{\"canon_version\":\"x\",\"receipts\":" + exportBody + "}") << false;
        QTest::newRow("invalid JSON inside a receipt") << listText(a).replace("\"allow\"", "\"allow\",") << false;
        QTest::newRow("invalid JSON after the receipts") << QByteArray(listText(a) + ",") << false;
        QTest::newRow("cut short") << listText(a).chopped(10) << false;
        QTest::newRow("empty file") << QByteArray() << false;
    }

    void streamingFileAsParsedWhole()
    {
        QFETCH(QByteArray, text);
        QFETCH(bool, withRows);

        Rows expectedRows;
        Rows actualRows;
        ChainListVerifier::Options expectedOptions;
        ChainListVerifier::Options actualOptions;
        if (withRows) {
            expectedOptions.onReceipt = expectedRows.callback();
            actualOptions.onReceipt = actualRows.callback();
        }

        JsonParser parser;
        parser.setAllowByteOrderMark(true);
        const auto whole = parser.parse(text);
        ChainFileVerifier::Error error;

        ScratchDir scratch(QStringLiteral("stream"));
        QFile file(scratch.filePath(QStringLiteral("input.json")));
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(text) == text.size());
        file.close();
        const auto actual = ChainFileVerifier::verifyFile(file.fileName(), actualOptions, &error);

        if (!whole) {
            QVERIFY(!actual);
            QCOMPARE(int(error.failure), int(ChainFileVerifier::Failure::InvalidJson));
            QCOMPARE(error.text, parser.errorString());
            return;
        }
        QString why;
        const auto expected = ChainListVerifier::verify(*whole, expectedOptions, &why);
        if (!expected) {
            QVERIFY(!actual);
            QCOMPARE(int(error.failure), int(ChainFileVerifier::Failure::WrongShape));
            QCOMPARE(error.text, why);
            return;
        }
        QVERIFY2(actual, qPrintable(error.text));
        QCOMPARE(compact(*actual), compact(*expected));
        QCOMPARE(actualRows.lines, expectedRows.lines);

        const auto inMemory = ChainFileVerifier::verifyBytes(text, actualOptions, &error);
        QVERIFY(inMemory);
        QCOMPARE(compact(*inMemory), compact(*expected));
    }

    // A signature that does not verify fails the file, at its receipt, on
    // the scanner's lane and on the parser's.
    void badSignatureInAFile()
    {
        QList<JsonValue> receipts = signedReceipts(chain(QStringLiteral("acme"), 6));
        QByteArray signature = receipts[2].value("signature").stringUtf8();
        signature[0] = signature[0] == '0' ? '1' : '0';
        receipts[2].insert("signature", JsonValue::fromUtf8(signature));
        const QByteArray text = listText(receipts);
        for (const bool withRows : {false, true}) {
            Rows rows;
            ChainListVerifier::Options options;
            if (withRows)
                options.onReceipt = rows.callback();
            ChainFileVerifier::Error error;
            const auto report = ChainFileVerifier::verifyBytes(text, options, &error);
            QVERIFY2(report, qPrintable(error.text));
            QVERIFY(!report->verified());
            const auto failure = report->firstFailure();
            QCOMPARE(failure->second.kind, ChainFailure::Kind::BadSignature);
            QCOMPARE(failure->second.index, 2);
            QCOMPARE(failure->second.seq, std::optional<qint64>(3));
            QCOMPARE(report->errorText(), QStringLiteral("bad signature at index 2 (receipt %1)")
                                              .arg(receipts[2].value("event_id").toString()));
            if (withRows)
                QVERIFY2(rows.lines.at(2).endsWith(QStringLiteral("TAMPERED ") + receipts[2].value("event_id").toString()),
                    qPrintable(rows.lines.join(QLatin1Char('\n'))));
        }
        // Unsigned, the same receipts verify: a signature is checked when there is one.
        QVERIFY(ChainFileVerifier::verifyBytes(listText(chain(QStringLiteral("acme"), 6)), {}, nullptr)->verified());
    }

    void streamingFileWithExpectedHeads()
    {
        const QList<JsonValue> a = chain(QStringLiteral("acme"), 6);
        ExpectedHeads heads;
        heads[QStringLiteral("acme")] = {8, 8, QString(64, QLatin1Char('a')), QString()};
        heads[QStringLiteral("gone")] = {3, 3, QString(64, QLatin1Char('b')), QString()};
        ChainListVerifier::Options options;
        options.expectedHeads = heads;
        const QByteArray text = listText(a);
        const auto expected = ChainListVerifier::verify(*JsonParser::parseDocument(text), options);
        ChainFileVerifier::Error error;
        const auto actual = ChainFileVerifier::verifyBytes(text, options, &error);
        QVERIFY(expected && actual);
        QCOMPARE(compact(*actual), compact(*expected));
        QVERIFY(!actual->verified());
    }

    void unreadableFile()
    {
        ChainFileVerifier::Error error;
        QVERIFY(!ChainFileVerifier::verifyFile(QStringLiteral("/nonexistent/receipts.json"), {}, &error));
        QCOMPARE(int(error.failure), int(ChainFileVerifier::Failure::Unreadable));
        QVERIFY(!error.text.isEmpty());
    }
};

QTEST_GUILESS_MAIN(VerifierEngineTest)
#include "VerifierEngineTest.moc"
