// Text an agent sends reads back exactly as the gateway hashed it, for every
// class of Unicode scalar value (tests/support/CodePointSamples), through
// every path that reads evidence: the decision and the receipt as served,
// verify by id, verify-range, the export checked offline, the offline
// verifier on the database and a backup's verification. Read through
// UTF-16, U+FFFE and U+FFFF came back as U+FFFD and untouched receipts were
// reported as tampered.
#include "common/json/CanonicalJson.h"
#include "common/json/JsonParser.h"
#include "common/receipts/ActionHash.h"
#include "tests/support/CodePointSamples.h"
#include "tests/support/CliRun.h"
#include "tests/support/GatewayApi.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"
#include "tests/support/SqliteShell.h"

#include <QFile>
#include <QtTest>

#include <csignal>

using namespace aegis;
using namespace aegis::test;

namespace {

CliRun runCli(const QStringList &arguments)
{
    return CliRun::run(QStringLiteral(AEGIS_VERIFY_RECEIPTS_BINARY), arguments);
}

// One authorization whose every text field carries `text`.
struct Sent
{
    QString label;       // what the failure messages name
    QByteArray textUtf8; // the exact bytes each text field must read back as
    QByteArray requestIdUtf8;
    QByteArray actionHash; // computed here from the tool_call sent
    QString decisionId;
    QString receiptId;
};

QByteArray rawLiteral(const QString &text)
{
    return CanonicalJson::serialize(JsonValue(text)).value_or(QByteArray());
}

// The body with `s` (a JSON string literal) in user.id, trace.run_id,
// trace.trace_id, tool, action, resource and parameters (as a key, a value
// and inside an array), and in request_id after `requestPrefix` (request
// ids must differ, or the gateway replays the first answer).
QByteArray bodyWith(const QByteArray &s, const QByteArray &requestPrefix = "r")
{
    const QByteArray toolCall = "{\"tool\":\"t" + s.mid(1) + ",\"action\":\"a" + s.mid(1) + ",\"resource\":" + s
        + ",\"mutates_state\":false,\"parameters\":{" + s + ":" + s + ",\"list\":[" + s + ",1.50]}}";
    return "{\"request_id\":\"" + requestPrefix + s.mid(1) + ",\"user\":{\"id\":" + s + "},\"trace\":{\"run_id\":" + s + ",\"trace_id\":" + s + "},\"tool_call\":"
        + toolCall + ",\"context\":{\"source_trust\":\"trusted_internal_signed\"}}";
}

QString hexOf(const QByteArray &bytes)
{
    return QString::fromLatin1(bytes.toHex(' '));
}

QString labelOf(char32_t codePoint)
{
    return QStringLiteral("U+%1").arg(uint(codePoint), 4, 16, QLatin1Char('0')).toUpper();
}

} // namespace

class TextFidelityTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everyScalarValueReadsBackAsItWasHashed()
    {
        ScratchDir dir(QStringLiteral("text-fidelity"));
        GatewayProcess gateway(dir.path());
        // About a thousand requests with no event loop running here to drain
        // the gateway's output pipe: one access line each would fill it and
        // block the gateway.
        gateway.setEnv(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("aegis.*.debug=false;aegis.http.access=false"));
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        GatewayApi api(gateway.adminClient());
        const QByteArray token = api.registerAgent(QStringLiteral("unicode-agent"));
        QVERIFY(!token.isEmpty());
        const HttpTestClient agent = api.asAgent(token);
        const HttpTestClient admin = gateway.adminClient();

        // Each code point alone (a failure names it), then long runs of all
        // of them, sent both as raw UTF-8 and as \u escapes.
        QList<std::pair<QString, QString>> texts;
        for (const char32_t c : CodePointSamples::all())
            texts.append({labelOf(c), QStringLiteral("x") + CodePointSamples::text({c}) + QStringLiteral("y")});
        const QList<QString> pieces = CodePointSamples::pieces(120);
        for (qsizetype i = 0; i < pieces.size(); ++i)
            texts.append({QStringLiteral("run %1").arg(i), pieces.at(i)});

        QList<Sent> sent;
        for (const auto &[label, text] : std::as_const(texts)) {
            for (const bool escaped : {false, true}) {
                const QByteArray literal = escaped ? CodePointSamples::escapedJsonString(text) : rawLiteral(text);
                QVERIFY2(!literal.isEmpty(), qPrintable(label));
                const QByteArray requestPrefix = "r" + QByteArray::number(sent.size()) + "-";
                const QByteArray body = bodyWith(literal, requestPrefix);
                const auto parsedBody = JsonParser::parseDocument(body);
                QVERIFY2(parsedBody, qPrintable(label));
                const auto expectedHash = ActionHash::compute(parsedBody->value("tool_call"));
                QVERIFY(expectedHash);

                const auto answer = agent.post(QStringLiteral("/v1/authorize"), body);
                QVERIFY2(answer.status == 200, qPrintable(label + QStringLiteral(": ") + QString::fromUtf8(answer.body)));
                const auto parsed = JsonParser::parseDocument(answer.body);
                QVERIFY(parsed);
                Sent one;
                one.label = label + (escaped ? QStringLiteral(" (escaped)") : QStringLiteral(" (raw)"));
                one.textUtf8 = text.toUtf8();
                one.requestIdUtf8 = requestPrefix + one.textUtf8;
                one.actionHash = expectedHash->toLatin1();
                one.decisionId = parsed->value("decision_id").toString();
                one.receiptId = parsed->value("receipt").value("receipt_id").toString();
                QCOMPARE(parsed->value("action_hash").stringUtf8(), one.actionHash);
                sent.append(one);
            }
        }

        // The database holds the characters themselves, not U+FFFD.
        const QString db = gateway.databasePath();
        QVERIFY(SqliteShell::scalar(db, QStringLiteral("SELECT count(*) FROM receipts WHERE instr(trace_id, char(65535)) > 0")).toInt() >= 2);
        QVERIFY(SqliteShell::scalar(db, QStringLiteral("SELECT count(*) FROM receipts WHERE instr(trace_id, char(65534)) > 0")).toInt() >= 2);
        QVERIFY(SqliteShell::scalar(db, QStringLiteral("SELECT count(*) FROM decisions WHERE instr(parameters, char(1114111)) > 0")).toInt() >= 2);

        for (const Sent &one : std::as_const(sent)) {
            const QByteArray where = one.label.toUtf8();

            // The decision as served: its fields are the bytes sent, and its
            // tool_call recomputes the action hash.
            const auto decisionAnswer = admin.get(QStringLiteral("/v1/decisions/") + one.decisionId);
            QVERIFY2(decisionAnswer.status == 200, qPrintable(QStringLiteral("%1: %2 %3").arg(one.label).arg(decisionAnswer.status).arg(decisionAnswer.error)));
            const auto decision = JsonParser::parseDocument(decisionAnswer.body);
            QVERIFY2(decision, where.constData());
            for (const char *field : {"user_id", "run_id", "trace_id", "resource"})
                QVERIFY2(decision->value(field).stringUtf8() == one.textUtf8,
                         qPrintable(QStringLiteral("%1: decision %2 reads back as %3, sent %4")
                                        .arg(one.label, QLatin1String(field), hexOf(decision->value(field).stringUtf8()),
                                             hexOf(one.textUtf8))));
            QCOMPARE(decision->value("tool").stringUtf8(), "t" + one.textUtf8);
            QCOMPARE(decision->value("request_id").stringUtf8(), one.requestIdUtf8);
            QCOMPARE(decision->value("parameters").value(one.textUtf8).stringUtf8(), one.textUtf8);
            JsonValue toolCall = JsonValue::object();
            for (const char *field : {"tool", "action", "resource", "mutates_state", "parameters"})
                toolCall.insert(field, decision->value(field));
            QVERIFY2(ActionHash::compute(toolCall).value_or(QString()).toLatin1() == one.actionHash, where.constData());
            QCOMPARE(decision->value("action_hash").stringUtf8(), one.actionHash);

            // The receipt as served, and its verification by id.
            const auto receipt = JsonParser::parseDocument(admin.get(QStringLiteral("/v1/receipts/") + one.receiptId).body);
            QVERIFY2(receipt, where.constData());
            for (const char *field : {"user_id", "run_id", "trace_id", "resource"})
                QVERIFY2(receipt->value(field).stringUtf8() == one.textUtf8, qPrintable(one.label + QLatin1String(field)));
            const auto verified = admin.get(QStringLiteral("/v1/receipts/%1/verify").arg(one.receiptId));
            QVERIFY2(verified.status == 200, qPrintable(QStringLiteral("%1: %2 %3 %4").arg(one.label).arg(verified.status).arg(verified.error, QString::fromUtf8(verified.body))));
            QVERIFY2(verified.json().value(QStringLiteral("verified")).toBool(),
                     qPrintable(one.label + QStringLiteral(": ") + QString::fromUtf8(verified.body)));
        }
        const int count = int(sent.size());

        // The stored chain, by the gateway and by the agent for its tenant.
        const auto range = admin.post(QStringLiteral("/v1/receipts/verify-range"), "{}");
        QCOMPARE(range.status, 200);
        QVERIFY2(range.json().value(QStringLiteral("verified")).toBool(), range.body.constData());
        QCOMPARE(range.json().value(QStringLiteral("count")).toInt(), count);
        QVERIFY2(agent.post(QStringLiteral("/v1/receipts/verify-range"), "{}").json().value(QStringLiteral("verified")).toBool(),
                 "the agent's own verify-range");

        // The export, verified offline; it carries the bytes that were sent.
        const auto exported = admin.get(QStringLiteral("/v1/receipts/export?tenant_id=default"));
        QCOMPARE(exported.status, 200);
        const auto exportDocument = JsonParser::parseDocument(exported.body);
        QVERIFY(exportDocument);
        QCOMPARE(exportDocument->value("receipts").size(), qsizetype(count));
        for (qsizetype i = 0; i < count; ++i)
            QVERIFY2(exportDocument->value("receipts").at(i).value("trace_id").stringUtf8() == sent.at(i).textUtf8,
                     qPrintable(sent.at(i).label));
        const QString exportFile = dir.filePath(QStringLiteral("export.json"));
        QFile file(exportFile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(exported.body);
        file.close();
        const CliRun offlineExport = runCli({exportFile});
        QVERIFY2(offlineExport.exitCode == 0, offlineExport.err.constData());

        // A backup taken now verifies as restorable (SQLite's check, the
        // chains, the manifest's heads).
        const auto backup = admin.post(QStringLiteral("/v1/admin/backup"), R"({"filename":"unicode.db"})");
        QVERIFY2(backup.status == 200, backup.body.constData());
        const auto backupCheck = admin.post(QStringLiteral("/v1/admin/backups/unicode.db/verify"), "");
        QCOMPARE(backupCheck.status, 200);
        QVERIFY2(backupCheck.json().value(QStringLiteral("restorable")).toBool(), backupCheck.body.constData());
        const QString backupPath = dir.filePath(QStringLiteral("backups/unicode.db"));
        const CliRun offlineBackup
            = runCli({QStringLiteral("--db"), backupPath, QStringLiteral("--manifest"), backupPath + QStringLiteral(".manifest.json")});
        QVERIFY2(offlineBackup.exitCode == 0, offlineBackup.err.constData());

        // The offline verifier on the gateway's own database.
        QCOMPARE(gateway.stop(SIGTERM), 0);
        const CliRun offline = runCli({QStringLiteral("--db"), db});
        QVERIFY2(offline.exitCode == 0, offline.err.constData());
        QCOMPARE(offline.out.split('\n').first(), QStringLiteral("VERIFIED: %1 receipt(s), chain intact.").arg(count).toUtf8());
    }

    // The guard that makes the test above meaningful: a change to one stored
    // character is still found (reading bytes did not make every receipt
    // "verify").
    void aChangedNoncharacterIsStillTampering()
    {
        ScratchDir dir(QStringLiteral("text-fidelity-tamper"));
        GatewayProcess gateway(dir.path());
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        GatewayApi api(gateway.adminClient());
        const QByteArray token = api.registerAgent(QStringLiteral("unicode-agent"));
        const auto answer = api.asAgent(token).post(QStringLiteral("/v1/authorize"), bodyWith(rawLiteral(QStringLiteral("x\uFFFF"))));
        QCOMPARE(answer.status, 200);
        const QString receiptId = answer.json().value(QStringLiteral("receipt")).toObject().value(QStringLiteral("receipt_id")).toString();
        const HttpTestClient admin = gateway.adminClient();
        QVERIFY(admin.get(QStringLiteral("/v1/receipts/%1/verify").arg(receiptId)).json().value(QStringLiteral("verified")).toBool());

        // What a UTF-16 round trip would have made of it.
        QVERIFY(SqliteShell::exec(gateway.databasePath(),
                                  QStringLiteral("UPDATE receipts SET trace_id = replace(trace_id, char(65535), char(65533))")));
        QCOMPARE(admin.get(QStringLiteral("/v1/receipts/%1/verify").arg(receiptId)).json().value(QStringLiteral("verified")).toBool(), false);
        QCOMPARE(admin.post(QStringLiteral("/v1/receipts/verify-range"), "{}").json().value(QStringLiteral("verified")).toBool(), false);
        QCOMPARE(gateway.stop(SIGTERM), 0);
        QCOMPARE(runCli({QStringLiteral("--db"), gateway.databasePath()}).exitCode, 1);
    }
};

QTEST_GUILESS_MAIN(TextFidelityTest)
#include "TextFidelityTest.moc"
