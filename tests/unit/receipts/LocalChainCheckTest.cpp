// The offline chain check the console and the tools share (common/receipts):
// where a failure is, said with the seq and the tenant and naming the seqs
// missing or repeated there; a file's digest with its verdict; gateway
// exports read by the streaming ChainFileVerifier (no reader of their own);
// the bounded receipt table.
#include "common/crypto/Sha256.h"
#include "common/json/JsonParser.h"
#include "common/receipts/ChainFailureLocation.h"
#include "common/receipts/ChainListVerifier.h"
#include "common/receipts/LocalChainCheck.h"
#include "common/receipts/ReceiptRowCollector.h"
#include "tests/support/ReceiptChainBuilder.h"
#include "tests/support/ScratchDir.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace aegis;
using aegis::test::ReceiptChainBuilder;
using aegis::test::ScratchDir;

class LocalChainCheckTest : public QObject
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

    static QString database(const ScratchDir &dir, int receipts, const QString &tamper = QString())
    {
        ReceiptChainBuilder builder(dir.filePath(QStringLiteral("evidence.db")));
        if (!builder.open() || !builder.addTenant(QStringLiteral("acme"))
            || !builder.addReceipts(QStringLiteral("acme"), receipts) || (!tamper.isEmpty() && !builder.exec(tamper)))
            return {};
        builder.close();
        return builder.path();
    }

private Q_SLOTS:
    // The report that started it: "receipt #40 (index 39, seq 41)", and
    // the missing seq 40 never named.
    void droppedReceiptIsNamedBySeq()
    {
        ScratchDir dir(QStringLiteral("dropped"));
        const QString db = database(dir, 50, QStringLiteral("DELETE FROM receipts WHERE tenant_id='acme' AND seq=40"));
        QVERIFY(!db.isEmpty());
        TaskProgress progress;
        const LocalCheckOutcome outcome = LocalChainCheck::verifyFile(db, progress);
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
        QVERIFY(outcome.report);
        const auto failure = outcome.report->firstFailure();
        QVERIFY(failure);
        QCOMPARE(failure->first, QStringLiteral("acme"));
        QCOMPARE(failure->second.kind, ChainFailure::Kind::BrokenLink);
        QCOMPARE(failure->second.index, 39);
        QCOMPARE(failure->second.seq.value_or(0), 41);
        QCOMPARE(failure->second.previousSeq.value_or(0), 39);
        const QString where = ChainFailureLocation::text(failure->second, failure->first);
        QCOMPARE(where, QStringLiteral("seq 41 of tenant acme (seq 40 is missing)"));
        QVERIFY2(!where.contains(QStringLiteral("index")), qPrintable(where));

        // The gateway's answer carries it too, and reads back the same.
        const QJsonObject json = failure->second.toJson();
        QCOMPARE(json.value(QStringLiteral("previous_seq")).toInt(), 39);
        const auto back = ChainFailure::fromJson(json);
        QVERIFY(back);
        QCOMPARE(ChainFailureLocation::text(*back, QStringLiteral("acme")), where);
    }

    void missingAndRepeatedSeqsInWords()
    {
        ChainFailure gap;
        gap.kind = ChainFailure::Kind::SeqGap;
        gap.index = 5;
        gap.seq = 9;
        gap.previousSeq = 6;
        gap.expected = QStringLiteral("7");
        gap.actual = QStringLiteral("9");
        QCOMPARE(ChainFailureLocation::text(gap, QStringLiteral("acme")),
            QStringLiteral("seq 9 of tenant acme (seqs 7 to 8 are missing)"));

        ChainFailure twice = gap;
        twice.seq = 6;
        twice.expected = QStringLiteral("7");
        twice.actual = QStringLiteral("6");
        QCOMPARE(ChainFailureLocation::text(twice, QStringLiteral("acme")),
            QStringLiteral("seq 6 of tenant acme (seq 6 appears twice)"));
        const auto problem = ChainFailureLocation::seqProblem(twice);
        QVERIFY(problem);
        QCOMPARE(problem->kind, ChainFailureLocation::SeqProblem::Kind::Duplicate);

        ChainFailure truncated;
        truncated.kind = ChainFailure::Kind::Truncated;
        truncated.index = 150;
        truncated.seq = 151;
        truncated.previousSeq = 150;
        truncated.expected = QStringLiteral("155");
        truncated.actual = QStringLiteral("150");
        QCOMPARE(ChainFailureLocation::text(truncated, QStringLiteral("acme")),
            QStringLiteral("after seq 150 of tenant acme (seqs 151 to 155 are missing)"));

        ChainFailure noSeq;
        noSeq.kind = ChainFailure::Kind::HashMismatch;
        noSeq.index = 2;
        QCOMPARE(ChainFailureLocation::text(noSeq, QString()), QStringLiteral("the 3rd receipt (it has no seq)"));

        ChainFailure edited;
        edited.kind = ChainFailure::Kind::HashMismatch;
        edited.index = 2;
        edited.seq = 3;
        edited.previousSeq = 2;
        QCOMPARE(ChainFailureLocation::text(edited, QStringLiteral("default")), QStringLiteral("seq 3 of tenant default"));
    }

    void aFileIsVerifiedWithItsDigest()
    {
        ScratchDir dir(QStringLiteral("digest"));
        const QString db = database(dir, 5);
        QVERIFY(!db.isEmpty());
        TaskProgress progress;
        LocalCheckOutcome outcome = LocalChainCheck::verifyFile(db, progress);
        QVERIFY(outcome.report && outcome.report->verified());
        QCOMPARE(outcome.fileSha256, Sha256::hashFile(db).hex);
        QCOMPARE(outcome.fileSize, QFileInfo(db).size());
        QCOMPARE(outcome.manifest, LocalCheckOutcome::Manifest::Absent);
        QCOMPARE(outcome.rows.at(QStringLiteral("acme")).rows.size(), size_t(5));

        const QString json = dir.filePath(QStringLiteral("list.json"));
        QFile file(json);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(fixture(QStringLiteral("spec-chain.json")));
        file.close();
        outcome = LocalChainCheck::verifyFile(json, progress);
        QVERIFY(outcome.report && outcome.report->verified());
        QCOMPARE(outcome.fileSha256, Sha256::hashFile(json).hex);
        QCOMPARE(outcome.manifest, LocalCheckOutcome::Manifest::NotApplicable);
    }

    void streamedExportGivesTheListVerifiersVerdict()
    {
        ScratchDir dir(QStringLiteral("exports"));
        TaskProgress progress;
        const QString good = writeExport(dir, QStringLiteral("good.json"), fixture(QStringLiteral("spec-chain.json")));
        LocalCheckOutcome outcome = LocalChainCheck::verifyExports({{QStringLiteral("t"), good}}, progress);
        QVERIFY2(outcome.error.isEmpty(), qPrintable(outcome.error));
        QVERIFY(outcome.report && outcome.report->verified());
        QCOMPARE(outcome.report->count(), 2);
        QCOMPARE(outcome.rows.at(QStringLiteral("t")).rows.size(), size_t(2));
        QCOMPARE(progress.done(), 2);

        const QByteArray tamperedArray = fixture(QStringLiteral("spec-chain-tampered.json"));
        const QString bad = writeExport(dir, QStringLiteral("bad.json"), tamperedArray);
        outcome = LocalChainCheck::verifyExports({{QStringLiteral("t"), bad}}, progress);
        const auto expected = ChainListVerifier::verify(*JsonParser::parseDocument(tamperedArray));
        const auto failure = expected->firstFailure();
        QVERIFY(failure && outcome.report);
        QCOMPARE(outcome.report->firstFailure()->second.kind, failure->second.kind);
        QCOMPARE(outcome.report->firstFailure()->second.index, failure->second.index);

        // An export is a whole chain: one that starts mid-chain is broken.
        const QJsonArray both = QJsonDocument::fromJson(fixture(QStringLiteral("spec-chain.json"))).array();
        const QString slice = writeExport(dir, QStringLiteral("slice.json"),
            QJsonDocument(QJsonArray{both.at(1)}).toJson(QJsonDocument::Compact));
        outcome = LocalChainCheck::verifyExports({{QStringLiteral("t"), slice}}, progress);
        QVERIFY(outcome.report);
        QCOMPARE(outcome.report->firstFailure()->second.kind, ChainFailure::Kind::BrokenLink);

        const QString empty = writeExport(dir, QStringLiteral("empty.json"), "[]");
        outcome = LocalChainCheck::verifyExports({{QStringLiteral("t"), empty}}, progress);
        QVERIFY(outcome.report && outcome.report->isEmpty());
        QVERIFY(outcome.report->tenants().count(QStringLiteral("t")));

        // Cut short: an error in words, no verdict.
        const QString cut = dir.filePath(QStringLiteral("cut.json"));
        QFile file(cut);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"canon_version\":\"aegis-jcs-1\",\"tenant_id\":\"t\",\"receipts\":[{\"a\":1},{\"b\":");
        file.close();
        outcome = LocalChainCheck::verifyExports({{QStringLiteral("t"), cut}}, progress);
        QVERIFY(!outcome.report);
        QVERIFY2(outcome.error.contains(QStringLiteral("cut short or malformed")), qPrintable(outcome.error));
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
};

QTEST_GUILESS_MAIN(LocalChainCheckTest)
#include "LocalChainCheckTest.moc"
