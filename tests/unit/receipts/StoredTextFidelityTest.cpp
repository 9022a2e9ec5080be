// Receipts already stored with U+FFFE, U+FFFF and the other classes of
// tests/support/CodePointSamples, written as UTF-8 bytes with the sqlite3
// C API (as the gateway writes them), verify when read by common's database
// paths: the chain verifier (verify-range, backup verification, the
// console's and the CLI's --db), the inspector (manifest heads, restore
// plans) and aegis-verify-receipts --db. Nothing is migrated: the fix is in
// the reading.
#include "common/crypto/Sha256.h"
#include "common/db/DatabaseInspector.h"
#include "common/receipts/ChainFailure.h"
#include "common/receipts/DatabaseChainVerifier.h"
#include "common/receipts/VerifyReceiptsCommand.h"
#include "tests/support/CodePointSamples.h"
#include "tests/support/ReceiptChainBuilder.h"
#include "tests/support/ScratchDir.h"

#include <QtTest>

#include <sqlite3.h>

using namespace aegis;
using namespace aegis::test;

namespace {

// Tenant ids are plain ASCII (the schema's CHECK); everything else is text.
const QString Tenant = QStringLiteral("unicode");

void bind(sqlite3_stmt *statement, int index, const std::optional<QString> &text)
{
    if (!text) {
        sqlite3_bind_null(statement, index);
        return;
    }
    const QByteArray utf8 = text->toUtf8();
    sqlite3_bind_text(statement, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

ReceiptBody bodyWith(const QString &text, qint64 seq, const QString &prev)
{
    ReceiptBody body;
    body.eventId = QStringLiteral("00000000-0000-7000-8000-%1").arg(seq, 12, 10, QLatin1Char('0'));
    body.ts = QStringLiteral("2026-11-26T09:00:%1.000000Z").arg(seq % 60, 2, 10, QLatin1Char('0'));
    body.agentId = QStringLiteral("agent-") + text;
    body.userId = text;
    body.runId = text;
    body.traceId = text;
    body.tool = QStringLiteral("t") + text;
    body.action = QStringLiteral("a") + text;
    body.resource = text;
    body.sourceTrust = QStringLiteral("trusted_internal_signed");
    body.decision = QStringLiteral("allow");
    body.actionHash = Sha256::hex(text.toUtf8());
    body.prevReceiptHash = prev;
    return body;
}

// Creates the database with the real schema and Tenant's chain in it, one
// receipt per text; returns the head's hash, or nullopt when a write failed.
std::optional<QString> writeChain(const QString &path, const QList<QString> &texts,
    const ReceiptChainBuilder::Options &options = {})
{
    ReceiptChainBuilder builder(path, options);
    const bool created = builder.open() && builder.addTenant(Tenant);
    builder.close();
    if (!created) {
        qWarning("%s", qPrintable(builder.errorString()));
        return std::nullopt;
    }
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK)
        return std::nullopt;
    sqlite3_stmt *insert = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO receipts (tenant_id, seq, event_id, ts, agent_id, user_id, run_id, trace_id, tool, "
                       "action, resource, source_trust, decision, approver, action_hash, prev_receipt_hash, "
                       "receipt_hash, decision_id, canon_version, created_at) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 'aegis-jcs-1', ?)",
                       -1, &insert, nullptr);
    std::optional<QString> prev = QStringLiteral(""); // the genesis receipt's prev_receipt_hash
    qint64 seq = 0;
    for (const QString &text : texts) {
        const ReceiptBody body = bodyWith(text, ++seq, *prev);
        const QString hash = body.receiptHash().value_or(QString());
        sqlite3_reset(insert);
        bind(insert, 1, Tenant);
        sqlite3_bind_int64(insert, 2, seq);
        const std::optional<QString> values[] = {body.eventId, body.ts, body.agentId, body.userId, body.runId,
                                                 body.traceId, body.tool, body.action, body.resource, body.sourceTrust,
                                                 body.decision, body.approver, body.actionHash, body.prevReceiptHash,
                                                 hash, body.ts};
        for (int i = 0; i < 16; ++i)
            bind(insert, i + 3, values[i]);
        if (hash.isEmpty() || sqlite3_step(insert) != SQLITE_DONE) {
            prev.reset();
            break;
        }
        prev = hash;
    }
    sqlite3_finalize(insert);
    sqlite3_close(db);
    return prev;
}

qint64 countWhere(const QString &path, const char *sql)
{
    sqlite3 *db = nullptr;
    sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt *statement = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &statement, nullptr);
    const qint64 count = sqlite3_step(statement) == SQLITE_ROW ? sqlite3_column_int64(statement, 0) : -1;
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return count;
}

} // namespace

class StoredTextFidelityTest : public QObject
{
    Q_OBJECT

private slots:
    void storedNoncharactersVerifyWhenReadAsBytes()
    {
        ScratchDir scratch(QStringLiteral("stored-text"));
        const QString path = scratch.filePath(QStringLiteral("aegis.db"));

        QList<QString> texts;
        for (const char32_t c : CodePointSamples::all())
            texts.append(QStringLiteral("x") + CodePointSamples::text({c}) + QStringLiteral("y"));
        texts.append(CodePointSamples::pieces(4096));
        const auto head = writeChain(path, texts);
        QVERIFY(head);
        const qint64 count = texts.size();
        // The file holds the characters themselves.
        QCOMPARE(countWhere(path, "SELECT count(*) FROM receipts WHERE instr(trace_id, char(65535)) > 0"), 2);
        QCOMPARE(countWhere(path, "SELECT count(*) FROM receipts WHERE instr(resource, char(1114110)) > 0"), 2);

        // The chain verifier (verify-range, backups, console, CLI).
        QString error;
        const auto report = DatabaseChainVerifier().verifyFile(path, &error);
        QVERIFY2(report, qPrintable(error));
        QVERIFY2(report->verified(), qPrintable(report->errorText()));
        QCOMPARE(report->count(), count);

        // The inspector finds the tenant and its head (a manifest's heads),
        // and the chain verifies against them.
        const auto summary = DatabaseInspector::inspectFile(path, DatabaseInspector::Check::Quick, &error);
        QVERIFY2(summary, qPrintable(error));
        QVERIFY(summary->heads.count(Tenant) == 1);
        QCOMPARE(summary->heads.at(Tenant).count, count);
        QCOMPARE(summary->heads.at(Tenant).receiptHash, *head);
        DatabaseChainVerifier::Options options;
        options.expectedHeads = summary->heads;
        const auto againstHeads = DatabaseChainVerifier(options).verifyFile(path, &error);
        QVERIFY2(againstHeads && againstHeads->verified(), qPrintable(againstHeads ? againstHeads->errorText() : error));

        // One tenant asked for by name, as an agent's verify-range does.
        DatabaseChainVerifier::Options oneTenant;
        oneTenant.tenantId = Tenant;
        const auto own = DatabaseChainVerifier(oneTenant).verifyFile(path, &error);
        QVERIFY2(own && own->verified() && own->count() == count, qPrintable(error));

        // aegis-verify-receipts --db, in process.
        QString out;
        QString err;
        QTextStream outStream(&out);
        QTextStream errStream(&err);
        const int exit = VerifyReceiptsCommand(outStream, errStream)
                             .run({QStringLiteral("aegis-verify-receipts"), QStringLiteral("--db"), path});
        outStream.flush();
        errStream.flush();
        QVERIFY2(exit == VerifyReceiptsCommand::Verified, qPrintable(err));
    }

    // Columns are read as stored bytes in one call each on a UTF-8
    // database, and through SQLite's conversion on a hand-made UTF-16 one:
    // both verify, an empty text is "" (never null: the two hash
    // differently), and a text emptied to NULL by hand is caught.
    void emptyTextAndUtf16Databases_data()
    {
        QTest::addColumn<QString>("encoding");
        QTest::newRow("UTF-8") << QString();
        QTest::newRow("UTF-16le") << QStringLiteral("UTF-16le");
        QTest::newRow("UTF-16be") << QStringLiteral("UTF-16be");
    }

    void emptyTextAndUtf16Databases()
    {
        QFETCH(QString, encoding);
        ScratchDir scratch(QStringLiteral("stored-text-encoding"));
        const QString path = scratch.filePath(QStringLiteral("aegis.db"));
        ReceiptChainBuilder::Options options;
        options.textEncoding = encoding;
        const QList<QString> texts{QStringLiteral(""), QStringLiteral("caf\u00e9 \U0001F600"), QStringLiteral(""), QStringLiteral("z")};
        QVERIFY(writeChain(path, texts, options));
        QCOMPARE(countWhere(path, "SELECT count(*) FROM receipts WHERE user_id = ''"), 2);

        QString error;
        const auto report = DatabaseChainVerifier().verifyFile(path, &error);
        QVERIFY2(report, qPrintable(error));
        QVERIFY2(report->verified(), qPrintable(report->errorText()));
        QCOMPARE(report->count(), qint64(texts.size()));

        // A text emptied by hand is caught at its receipt.
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "UPDATE receipts SET user_id = NULL WHERE seq = 3", nullptr, nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);
        const auto tampered = DatabaseChainVerifier().verifyFile(path, &error);
        QVERIFY2(tampered, qPrintable(error));
        QCOMPARE(tampered->verified(), false);
        QCOMPARE(tampered->tenants().at(Tenant).firstFailure.value_or(ChainFailure()).index, 2);
    }

    // Reading bytes does not make everything verify: the U+FFFD that a
    // UTF-16 round trip would have produced, written into the file, is
    // tampering.
    void replacementCharacterIsTampering()
    {
        ScratchDir scratch(QStringLiteral("stored-text-tampered"));
        const QString path = scratch.filePath(QStringLiteral("aegis.db"));
        QVERIFY(writeChain(path, {QStringLiteral("a\uFFFF"), QStringLiteral("b\uFFFE"), QStringLiteral("c")}));
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open_v2(path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr), SQLITE_OK);
        QCOMPARE(sqlite3_exec(db, "UPDATE receipts SET trace_id = replace(trace_id, char(65534), char(65533))", nullptr,
                              nullptr, nullptr),
                 SQLITE_OK);
        sqlite3_close(db);

        QString error;
        const auto report = DatabaseChainVerifier().verifyFile(path, &error);
        QVERIFY2(report, qPrintable(error));
        QCOMPARE(report->verified(), false);
        QCOMPARE(report->tenants().at(Tenant).firstFailure.value_or(ChainFailure()).index, 1);
    }
};

QTEST_GUILESS_MAIN(StoredTextFidelityTest)
#include "StoredTextFidelityTest.moc"
