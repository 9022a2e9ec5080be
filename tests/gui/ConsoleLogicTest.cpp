// The console's logic without windows: reading exports as a stream, the
// bounded receipt table, verdicts ("no receipts" is never green), failure
// kinds in words, backup age colours, Digest headers, private token files,
// paging cursors, times with their zone and ages in words.
#include "common/json/JsonParser.h"
#include "common/receipts/ChainListVerifier.h"
#include "console/connection/FileTokenVault.h"
#include "console/models/JsonArrayModel.h"
#include "console/pages/BackupAge.h"
#include "console/pages/CursorPager.h"
#include "console/util/Format.h"
#include "console/util/TaskProgress.h"
#include "console/verification/ChainResult.h"
#include "console/verification/ExportStreamReader.h"
#include "console/verification/FailureExplainer.h"
#include "console/verification/FileDownload.h"
#include "console/verification/LocalChainCheck.h"
#include "console/verification/ReceiptRowCollector.h"
#include "tests/support/ScratchDir.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QScopeGuard>
#include <QtTest>

#include <ctime>

using namespace aegis;
using namespace aegis::console;
using namespace aegis::test;

class ConsoleLogicTest : public QObject
{
    Q_OBJECT

private:
    static QByteArray fixture(const QString &name)
    {
        QFile file(QStringLiteral(AEGIS_SOURCE_DIR "/tests/data/receipts/") + name);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return file.readAll();
    }

    static QString writeExport(const ScratchDir &dir, const QString &name, const QByteArray &receiptsArray)
    {
        const QString path = dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return {};
        file.write("{\"canon_version\":\"aegis-jcs-1\",\"tenant_id\":\"t\",\"receipts\":" + receiptsArray + "}");
        return path;
    }

    static ReceiptCheck check(qint64 index, ReceiptCheck::Status status = ReceiptCheck::Status::Ok)
    {
        ReceiptCheck c;
        c.tenantId = QStringLiteral("t");
        c.index = index;
        c.seq = index + 1;
        c.receiptId = QStringLiteral("r%1").arg(index);
        c.status = status;
        return c;
    }

private Q_SLOTS:
    void exportStreamReaderCutsReceipts_data()
    {
        QTest::addColumn<int>("chunk");
        QTest::newRow("one read") << (1 << 20);
        QTest::newRow("7-byte reads") << 7;
        QTest::newRow("1-byte reads") << 1;
    }

    void exportStreamReaderCutsReceipts()
    {
        QFETCH(int, chunk);
        // A decoy "receipts" inside another member, brackets and quotes in
        // strings, a nested array, and a non-object element.
        const QByteArray text = "{\"meta\":{\"receipts\":[{\"x\":1}]},\"tenant_id\":\"t\",\"receipts\": [\n"
                                "  {\"a\":\"]}\\\"[{\",\"b\":[1,[2,3]],\"c\":{\"d\":\"e\"}} ,\n"
                                "  {\"note\":\"Z\xc3\xbcrich \\\\ \\u00e9\"},\n"
                                "  42,\n"
                                "  \"text\"\n"
                                "],\"after\":true}";
        QBuffer buffer;
        buffer.setData(text);
        QVERIFY(buffer.open(QIODevice::ReadOnly));
        ExportStreamReader reader(&buffer, chunk);
        QList<QByteArray> elements;
        while (const auto element = reader.next())
            elements.append(*element);
        QVERIFY2(reader.error().isEmpty(), qPrintable(reader.error()));
        QCOMPARE(elements.size(), 4);
        QCOMPARE(elements.at(0), QByteArray("{\"a\":\"]}\\\"[{\",\"b\":[1,[2,3]],\"c\":{\"d\":\"e\"}}"));
        QVERIFY(JsonParser::parseDocument(elements.at(1)).has_value());
        QCOMPARE(elements.at(2), QByteArray("42"));
        QCOMPARE(elements.at(3), QByteArray("\"text\""));
    }

    void exportStreamReaderSaysWhatIsWrong()
    {
        for (const QByteArray &text : {QByteArray("{\"receipts\":[{\"a\":1},{\"b\":"),
                 QByteArray("{\"tenant_id\":\"t\"}"), QByteArray("[1,2]")}) {
            QBuffer buffer;
            buffer.setData(text);
            QVERIFY(buffer.open(QIODevice::ReadOnly));
            ExportStreamReader reader(&buffer);
            while (reader.next()) {
            }
            QVERIFY2(!reader.error().isEmpty(), text.constData());
        }
        QBuffer empty;
        empty.setData(R"({"receipts":[]})");
        QVERIFY(empty.open(QIODevice::ReadOnly));
        ExportStreamReader reader(&empty);
        QVERIFY(!reader.next());
        QVERIFY(reader.error().isEmpty());
    }

    void streamedExportGivesTheListVerifiersVerdict()
    {
        ScratchDir dir(QStringLiteral("exports"));
        TaskProgress progress;
        const QString good = writeExport(dir, QStringLiteral("good.json"), fixture(QStringLiteral("spec-chain.json")));
        LocalCheckOutcome outcome = LocalChainCheck::verifyExports({{QStringLiteral("t"), good}}, progress);
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
        QCOMPARE(outcome.result->verdict(), ChainResult::Verdict::Intact);
        QCOMPARE(outcome.result->count(), 2);
        QCOMPARE(outcome.rows.at(QStringLiteral("t")).rows.size(), size_t(2));

        const QByteArray tamperedArray = fixture(QStringLiteral("spec-chain-tampered.json"));
        const QString bad = writeExport(dir, QStringLiteral("bad.json"), tamperedArray);
        outcome = LocalChainCheck::verifyExports({{QStringLiteral("t"), bad}}, progress);
        QCOMPARE(outcome.result->verdict(), ChainResult::Verdict::Broken);
        const auto expected = ChainListVerifier::verify(*JsonParser::parseDocument(tamperedArray));
        const auto failure = expected->firstFailure();
        QVERIFY(failure);
        QCOMPARE(outcome.result->firstFailing()->failure->kind, ChainFailure::kindName(failure->second.kind));
        QCOMPARE(outcome.result->firstFailing()->failure->index, failure->second.index);

        // An export is a whole chain: one that starts mid-chain is broken.
        const QJsonArray both = QJsonDocument::fromJson(fixture(QStringLiteral("spec-chain.json"))).array();
        const QString slice = writeExport(dir, QStringLiteral("slice.json"),
            QJsonDocument(QJsonArray{both.at(1)}).toJson(QJsonDocument::Compact));
        outcome = LocalChainCheck::verifyExports({{QStringLiteral("t"), slice}}, progress);
        QCOMPARE(outcome.result->verdict(), ChainResult::Verdict::Broken);
        QCOMPARE(outcome.result->firstFailing()->failure->kind, QStringLiteral("broken_link"));

        const QString empty = writeExport(dir, QStringLiteral("empty.json"), "[]");
        outcome = LocalChainCheck::verifyExports({{QStringLiteral("t"), empty}}, progress);
        QCOMPARE(outcome.result->verdict(), ChainResult::Verdict::Empty);
    }

    void rowCollectorKeepsTheFailureAndItsNeighbours()
    {
        ReceiptRowCollector collector(10, 3);
        for (qint64 i = 0; i < 100; ++i)
            collector.add(check(i, i == 50 ? ReceiptCheck::Status::Tampered : ReceiptCheck::Status::Ok));
        const auto sets = collector.take();
        const ReceiptRowSet &set = sets.at(QStringLiteral("t"));
        QCOMPARE(set.total, 100);
        QVERIFY(set.windowed);
        QList<qint64> kept;
        for (const ReceiptRow &row : set.rows)
            kept.append(row.index);
        QCOMPARE(kept, (QList<qint64>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 47, 48, 49, 50, 51, 52, 53, 97, 98, 99}));
        QCOMPARE(set.rowOfIndex(50), 13);
        QCOMPARE(set.rowOfIndex(60), -1);

        ReceiptRowCollector small(10, 3);
        for (qint64 i = 0; i < 5; ++i)
            small.add(check(i));
        const auto all = small.take();
        QVERIFY(!all.at(QStringLiteral("t")).windowed);
        QCOMPARE(all.at(QStringLiteral("t")).rows.size(), size_t(5));
    }

    void noReceiptsIsNeverGreen()
    {
        auto empty = ChainResult::fromJson(QJsonDocument::fromJson(
            R"({"verified":true,"count":0,"error":"no receipts given","tenants":{}})").object());
        QVERIFY(empty);
        QCOMPARE(empty->verdict(), ChainResult::Verdict::Empty);
        auto quietTenant = ChainResult::fromJson(QJsonDocument::fromJson(
            R"({"verified":true,"count":3,"tenants":{"a":{"verified":true,"count":3,"head":"x","first_failure":null},
                "b":{"verified":true,"count":0,"head":null,"first_failure":null}}})").object());
        QCOMPARE(quietTenant->verdict(), ChainResult::Verdict::Intact);
        QVERIFY(quietTenant->tenant(QStringLiteral("b"))->isEmpty());
        auto cancelled = ChainResult::fromJson(QJsonDocument::fromJson(
            R"({"verified":false,"cancelled":true,"count":3,"tenants":{"a":{"verified":true,"count":3,"head":"x","first_failure":null}}})").object());
        QCOMPARE(cancelled->verdict(), ChainResult::Verdict::Cancelled);
        auto broken = ChainResult::fromJson(QJsonDocument::fromJson(
            R"({"verified":false,"count":5,"tenants":{"default":{"verified":false,"count":5,"head":"h",
                "first_failure":{"index":2,"seq":3,"receipt_id":"r","kind":"hash_mismatch","expected":"e","actual":"a"}}}})").object());
        QCOMPARE(broken->verdict(), ChainResult::Verdict::Broken);
        QCOMPARE(broken->firstFailing()->failure->seq.value_or(0), 3);
        QVERIFY(!ChainResult::fromJson(QJsonObject{{QStringLiteral("error"), QStringLiteral("x")}}));
    }

    void failureKindsInWords()
    {
        ChainResult::Failure failure;
        failure.index = 2;
        failure.seq = 3;
        failure.kind = QStringLiteral("hash_mismatch");
        QCOMPARE(FailureExplainer::title(failure.kind), QStringLiteral("Edited receipt"));
        QVERIFY(FailureExplainer::explanation(failure, QStringLiteral("default")).contains(QStringLiteral("seq 3")));
        QCOMPARE(FailureExplainer::title(QStringLiteral("broken_link")), QStringLiteral("Dropped or reordered receipts"));
        QCOMPARE(FailureExplainer::title(QStringLiteral("seq_gap")), QStringLiteral("Gap in sequence"));
        QCOMPARE(FailureExplainer::title(QStringLiteral("truncated")), QStringLiteral("Chain shorter than the backup's manifest"));
        failure.kind = QStringLiteral("seq_gap");
        failure.expected = QStringLiteral("3");
        failure.actual = QStringLiteral("5");
        QVERIFY(FailureExplainer::explanation(failure, QString()).contains(QStringLiteral("from 2 to 5")));
        failure.kind = QStringLiteral("truncated");
        failure.expected = QStringLiteral("10");
        failure.actual = QStringLiteral("8");
        QVERIFY(FailureExplainer::explanation(failure, QString()).contains(QStringLiteral("recorded 10 receipts")));
        QVERIFY(FailureExplainer::emptyExplanation().contains(QStringLiteral("not a passed check")));
    }

    void backupAgeColours()
    {
        const BackupAge age(26, 72);
        QCOMPARE(age.status(3600), StatusColors::Status::Good);
        QCOMPARE(age.status(30 * 3600), StatusColors::Status::Warning);
        QCOMPARE(age.status(100 * 3600), StatusColors::Status::Bad);
        QVERIFY(age.describe(100 * 3600).contains(QStringLiteral("take a backup now")));
    }

    void digestHeader()
    {
        QCOMPARE(FileDownload::sha256FromDigestHeader("sha-256=j7MbjrF4EAnxHyqLRqAoOFurVa5HRwJ+pnIrImeRmGM="),
            QStringLiteral("8fb31b8eb1781009f11f2a8b46a028385bab55ae4747027ea6722b2267919863"));
        QCOMPARE(FileDownload::sha256FromDigestHeader("MD5=abc, SHA-256=j7MbjrF4EAnxHyqLRqAoOFurVa5HRwJ+pnIrImeRmGM="),
            QStringLiteral("8fb31b8eb1781009f11f2a8b46a028385bab55ae4747027ea6722b2267919863"));
        QVERIFY(FileDownload::sha256FromDigestHeader("sha-256=not base64!").isEmpty());
        QVERIFY(FileDownload::sha256FromDigestHeader("").isEmpty());
    }

    void tokenFilesArePrivate()
    {
        ScratchDir dir(QStringLiteral("vault"));
        FileTokenVault vault(dir.filePath(QStringLiteral("tokens")));
        QString error;
        QVERIFY2(vault.write(QStringLiteral("p1"), "secret-token-value", &error), qPrintable(error));
        QCOMPARE(QFile::permissions(vault.filePath(QStringLiteral("p1")))
                & (QFile::ReadGroup | QFile::WriteGroup | QFile::ReadOther | QFile::WriteOther),
            QFile::Permissions());
        QCOMPARE(QFile::permissions(vault.directory()) & (QFile::ReadOther | QFile::ExeOther | QFile::ReadGroup),
            QFile::Permissions());
        QCOMPARE(vault.read(QStringLiteral("p1"), &error).value_or(QByteArray()), QByteArray("secret-token-value"));
        // Rewriting replaces it, still private.
        QVERIFY(vault.write(QStringLiteral("p1"), "second", &error));
        QCOMPARE(vault.read(QStringLiteral("p1"), &error).value_or(QByteArray()), QByteArray("second"));
        // Loosened by someone: tightened when read.
        QFile::setPermissions(vault.filePath(QStringLiteral("p1")),
            QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther | QFile::ReadGroup);
        QVERIFY(vault.read(QStringLiteral("p1"), &error));
        QCOMPARE(QFile::permissions(vault.filePath(QStringLiteral("p1"))) & (QFile::ReadGroup | QFile::ReadOther),
            QFile::Permissions());
        QVERIFY(!vault.read(QStringLiteral("absent"), &error));
        QVERIFY(error.isEmpty());
    }

    void cursorPager()
    {
        CursorPager pager;
        QCOMPARE(pager.current(), QString());
        QVERIFY(!pager.older());
        pager.setNext(QStringLiteral("c2"));
        QVERIFY(pager.older());
        QCOMPARE(pager.current(), QStringLiteral("c2"));
        QCOMPARE(pager.pageNumber(), 2);
        pager.setNext(QStringLiteral("c3"));
        QVERIFY(pager.older());
        QVERIFY(pager.newer());
        QCOMPARE(pager.current(), QStringLiteral("c2"));
        QVERIFY(pager.newer());
        QCOMPARE(pager.current(), QString());
        QVERIFY(!pager.newer());
    }

    void formats()
    {
        QCOMPARE(Format::age(30), QStringLiteral("< 1 min"));
        QCOMPARE(Format::age(3 * 3600), QStringLiteral("3 h"));
        QCOMPARE(Format::age(5 * 86400), QStringLiteral("5 d"));
        QCOMPARE(Format::shortHash(QString()), QStringLiteral("(genesis)"));
        QCOMPARE(Format::shortHash(QStringLiteral("0123456789abcdef")), QStringLiteral("0123456789ab"));
        QCOMPARE(Format::value(QJsonValue()), QStringLiteral("—"));
    }

    // How long ago, in words that read in a sentence: never "just now ago".
    void relativeAges()
    {
        QCOMPARE(Format::ago(0), QStringLiteral("just now"));
        QCOMPARE(Format::ago(59), QStringLiteral("just now"));
        QCOMPARE(Format::ago(60), QStringLiteral("1 min ago"));
        QCOMPARE(Format::ago(12 * 60 + 30), QStringLiteral("12 min ago"));
        QCOMPARE(Format::ago(3 * 3600), QStringLiteral("3 h ago"));
        QCOMPARE(Format::ago(47 * 3600), QStringLiteral("47 h ago"));
        QCOMPARE(Format::ago(5 * 86400), QStringLiteral("5 d ago"));
        // A gateway clock a little ahead is not the future; far ahead is said.
        QCOMPARE(Format::ago(-30), QStringLiteral("just now"));
        QCOMPARE(Format::ago(-10 * 60), QStringLiteral("in 10 min"));
        const QDateTime now = QDateTime(QDate(2026, 12, 5), QTime(12, 0, 0), Qt::UTC);
        QCOMPARE(Format::ageSince(QStringLiteral("2026-12-05T11:59:30Z"), now), QStringLiteral("just now"));
        QCOMPARE(Format::ageSince(QStringLiteral("2026-12-05T09:00:00.226Z"), now), QStringLiteral("2 h ago"));
        QCOMPARE(Format::ageSince(QStringLiteral("not a time"), now), QStringLiteral("—"));
    }

    // One format for every time shown: local time with its zone, the UTC
    // form of reports in the tooltip. TZ is set here, so the expectations
    // do not depend on the machine that runs the test.
    void timesWithTheirZone()
    {
        const QByteArray savedTz = qgetenv("TZ");
        const auto restore = qScopeGuard([&] {
            if (savedTz.isNull())
                qunsetenv("TZ");
            else
                qputenv("TZ", savedTz);
            tzset();
        });
        qputenv("TZ", "Europe/Berlin");
        tzset();
        QCOMPARE(Format::localTime(QStringLiteral("2026-12-05T23:56:04Z")), QStringLiteral("2026-12-06 00:56:04 CET"));
        QCOMPARE(Format::localTime(QStringLiteral("2026-07-01T10:00:00.226Z")), QStringLiteral("2026-07-01 12:00:00 CEST"));
        QCOMPARE(Format::utcTime(QStringLiteral("2026-12-06T00:56:04+01:00")), QStringLiteral("2026-12-05T23:56:04Z"));
        QCOMPARE(Format::utcTime(QStringLiteral("2026-12-05T00:00:27.226Z")), QStringLiteral("2026-12-05T00:00:27Z"));
        const QDateTime now = QDateTime(QDate(2026, 12, 5), QTime(12, 0, 0), Qt::UTC);
        QCOMPARE(Format::timeAndAge(QStringLiteral("2026-12-05T11:59:50Z"), now), QStringLiteral("2026-12-05 12:59:50 CET (just now)"));
        QCOMPARE(Format::timeAndAge(QStringLiteral("2026-12-05T09:00:00Z"), now), QStringLiteral("2026-12-05 10:00:00 CET (3 h ago)"));
        QCOMPARE(Format::timeAndAge(QStringLiteral("2026-12-05T09:00:00Z"), qint64(-1)), QStringLiteral("2026-12-05 10:00:00 CET"));
        // A zone with no name of its own is written as its offset.
        qputenv("TZ", "Asia/Kathmandu");
        tzset();
        QCOMPARE(Format::localTime(QStringLiteral("2026-12-05T00:00:00Z")), QStringLiteral("2026-12-05 05:45:00 UTC+05:45"));
        qputenv("TZ", "UTC");
        tzset();
        QCOMPARE(Format::localTime(QStringLiteral("2026-12-05T00:00:00Z")), QStringLiteral("2026-12-05 00:00:00 UTC"));
        // What does not parse is shown as it is; nothing is "—".
        QCOMPARE(Format::localTime(QStringLiteral("yesterday")), QStringLiteral("yesterday"));
        QCOMPARE(Format::localTime(QString()), QStringLiteral("—"));
        // A table's time column: local in the cell, UTC in the tooltip.
        JsonArrayModel model({JsonColumn::time(QStringLiteral("Taken"), QStringLiteral("created_at"))});
        model.setRows(QJsonArray{QJsonObject{{QStringLiteral("created_at"), QStringLiteral("2026-12-05T00:00:27.226Z")}}});
        QCOMPARE(model.data(model.index(0, 0), Qt::DisplayRole).toString(), QStringLiteral("2026-12-05 00:00:27 UTC"));
        QCOMPARE(model.data(model.index(0, 0), Qt::ToolTipRole).toString(), QStringLiteral("2026-12-05T00:00:27Z"));
    }
};

QTEST_MAIN(ConsoleLogicTest)
#include "ConsoleLogicTest.moc"
