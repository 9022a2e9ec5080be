// aegis-verify-receipts as an operator runs it: the built binary, its exit
// status and the exact first lines of its output.
#include "common/receipts/ExpectedHead.h"
#include "tests/support/ReceiptChainBuilder.h"
#include "tests/support/ScratchDir.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

using namespace aegis;
using aegis::test::ReceiptChainBuilder;
using aegis::test::ScratchDir;

namespace {

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;

    QString firstOut() const { return out.section(QLatin1Char('\n'), 0, 0); }
    QString firstErr() const { return err.section(QLatin1Char('\n'), 0, 0); }
};

Run run(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(AEGIS_VERIFY_RECEIPTS_BIN), arguments);
    Run result;
    if (!process.waitForFinished(120000) || process.exitStatus() != QProcess::NormalExit) {
        result.err = QStringLiteral("did not finish normally: ") + process.errorString()
            + QString::fromUtf8(process.readAllStandardError());
        return result;
    }
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

QString fixture(const char *name)
{
    return QStringLiteral(AEGIS_SOURCE_DIR "/tests/data/receipts/") + QString::fromLatin1(name);
}

QString write(const ScratchDir &dir, const QString &name, const QByteArray &content)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(file.fileName()));
    file.write(content);
    return file.fileName();
}

QString manifestFor(const ScratchDir &dir, const ExpectedHeads &heads)
{
    QJsonObject manifest{{QStringLiteral("format"), QStringLiteral("aegis-backup-manifest-1")},
        {QStringLiteral("sha256"), QString(64, QLatin1Char('0'))},
        {QStringLiteral("tenants"), ExpectedHead::tenantsToJson(heads)}};
    return write(dir, QStringLiteral("aegis.db.manifest.json"), QJsonDocument(manifest).toJson());
}

// default: 20 receipts, acme: 10; the manifest records that state.
bool buildDatabase(ReceiptChainBuilder &builder, ExpectedHeads *heads = nullptr)
{
    if (!builder.open() || !builder.addTenant(QStringLiteral("acme"))
        || !builder.addReceipts(QStringLiteral("default"), 20) || !builder.addReceipts(QStringLiteral("acme"), 10))
        return false;
    if (heads)
        *heads = builder.heads();
    return true;
}

} // namespace

class VerifyReceiptsCliTest : public QObject
{
    Q_OBJECT

private slots:
    void verifiedJsonFile()
    {
        const Run r = run({fixture("spec-chain.json")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("VERIFIED: 2 receipt(s), chain intact.\n"));
        QVERIFY(r.err.isEmpty());
    }

    void exportWithExtraFieldsAndPage()
    {
        Run r = run({fixture("export-extra-fields.json")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.firstOut(), QStringLiteral("VERIFIED: 3 receipt(s), chain intact."));
        r = run({fixture("page-newest-first.json")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.firstOut(), QStringLiteral("VERIFIED: 6 receipt(s), chain intact."));
        QVERIFY(r.out.contains(QStringLiteral("tenant acme: 3 receipt(s)")));
    }

    void tamperedJsonFile()
    {
        const Run r = run({fixture("spec-chain-tampered.json")});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.firstErr(), QStringLiteral("TAMPERED: chain failed at receipt index 1 (hash mismatch (tampered receipt))."));
        QVERIFY(r.err.contains(QStringLiteral("receipt id: 7e2d9b40-1c3a-4d5e-8f6a-9b0c1d2e3f41")));
        QVERIFY(r.err.contains(QStringLiteral("kind:       hash_mismatch")));
        QVERIFY(r.out.isEmpty());
    }

    void brokenLinkJsonFile()
    {
        ScratchDir scratch(QStringLiteral("broken-link"));
        QFile file(fixture("spec-chain.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonArray chain = QJsonDocument::fromJson(file.readAll()).array();
        const QString path = write(scratch, QStringLiteral("reordered.json"),
            QJsonDocument(QJsonArray{chain.at(1), chain.at(0)}).toJson());
        const Run r = run({path});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.firstErr(), QStringLiteral("TAMPERED: chain failed at receipt index 1 (broken chain link)."));
    }

    void tableBeforeVerdict()
    {
        Run r = run({QStringLiteral("--table"), fixture("spec-chain-tampered.json")});
        QCOMPARE(r.exitCode, 1);
        const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY(lines[0].startsWith(QStringLiteral("INDEX")));
        QCOMPARE(lines[1].simplified(),
            QStringLiteral("0 OK e7b50943aa23 (genesis) 5d1c7a52-3f0e-4b8e-a7a4-2b9f6c0d1e23 require_approval"));
        QCOMPARE(lines[2].simplified(),
            QStringLiteral("1 TAMPERED f3b23fc84b7c e7b50943aa23 5d1c7a52-3f0e-4b8e-a7a4-2b9f6c0d1e23 deny"));
        QCOMPARE(r.firstErr(), QStringLiteral("TAMPERED: chain failed at receipt index 1 (hash mismatch (tampered receipt))."));

        r = run({QStringLiteral("--table"), fixture("spec-chain.json")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.endsWith(QStringLiteral("VERIFIED: 2 receipt(s), chain intact.\n")));
    }

    void jsonOutput()
    {
        Run r = run({QStringLiteral("--json"), fixture("spec-chain-tampered.json")});
        QCOMPARE(r.exitCode, 1);
        QJsonParseError error;
        const QJsonObject report = QJsonDocument::fromJson(r.out.toUtf8(), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(report.value(QStringLiteral("verified")).toBool(true), false);
        QCOMPARE(report.value(QStringLiteral("count")).toInt(), 2);
        QCOMPARE(report.value(QStringLiteral("error")).toString(),
            QStringLiteral("hash mismatch at index 1 (receipt 7e2d9b40-1c3a-4d5e-8f6a-9b0c1d2e3f41)"));
        const QJsonObject failure = report.value(QStringLiteral("tenants")).toObject().value(QString()).toObject()
                                        .value(QStringLiteral("first_failure")).toObject();
        QCOMPARE(failure.value(QStringLiteral("kind")).toString(), QStringLiteral("hash_mismatch"));
        QCOMPARE(failure.value(QStringLiteral("index")).toInt(), 1);

        r = run({QStringLiteral("--json"), QStringLiteral("--table"), fixture("spec-chain.json")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("verified")).toBool(), true);
    }

    void emptyInputIsNotVerified()
    {
        ScratchDir scratch(QStringLiteral("empty"));
        const QString path = write(scratch, QStringLiteral("empty.json"), "{\"receipts\": []}");
        Run r = run({path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.out.isEmpty());
        QVERIFY2(r.firstErr().startsWith(QStringLiteral("NO RECEIPTS: ")), qPrintable(r.err));
        QVERIFY(!r.err.contains(QStringLiteral("VERIFIED")));

        r = run({QStringLiteral("--json"), path});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("error")).toString(),
            QStringLiteral("no receipts given"));
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("firstLine");
        QTest::newRow("missing file") << QStringList{QStringLiteral("/nonexistent/receipts.json")}
                                      << QStringLiteral("ERROR: cannot read /nonexistent/receipts.json");
        QTest::newRow("no input") << QStringList() << QStringLiteral("ERROR: no input");
        QTest::newRow("unknown option") << QStringList{QStringLiteral("--frobnicate"), fixture("spec-chain.json")}
                                        << QStringLiteral("ERROR: Unknown option 'frobnicate'");
        QTest::newRow("manifest without db") << QStringList{QStringLiteral("--manifest"), QStringLiteral("m.json"), fixture("spec-chain.json")}
                                             << QStringLiteral("ERROR: --manifest and --tenant go with --db");
        QTest::newRow("missing database") << QStringList{QStringLiteral("--db"), QStringLiteral("/nonexistent/aegis.db")}
                                          << QStringLiteral("ERROR: cannot read /nonexistent/aegis.db: no such file");
    }

    void errors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, firstLine);
        const Run r = run(arguments);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.firstErr().startsWith(firstLine), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void badInputFiles()
    {
        ScratchDir scratch(QStringLiteral("bad-input"));
        Run r = run({write(scratch, QStringLiteral("bad.json"), "[{\"a\":1,}]")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.firstErr().startsWith(QStringLiteral("ERROR: ")) && r.firstErr().contains(QStringLiteral("not valid JSON: trailing comma in an object at byte 8")),
            qPrintable(r.err));

        r = run({write(scratch, QStringLiteral("shape.json"), "{\"items\":[]}")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.firstErr().contains(QStringLiteral("expected a JSON array of receipts")), qPrintable(r.err));

        r = run({QStringLiteral("--db"), write(scratch, QStringLiteral("notes.db"), QByteArray(2048, 'x'))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.firstErr().startsWith(QStringLiteral("ERROR: not a readable SQLite database")), qPrintable(r.err));
    }

    void helpAndVersion()
    {
        Run r = run({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("Usage:\n  aegis-verify-receipts [--table] [--json] FILE.json\n")));
        QVERIFY(r.out.contains(QStringLiteral("no receipts at all")));
        r = run({QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QStringLiteral("aegis-verify-receipts " AEGIS_VERSION "\n"));
    }

    void databaseVerified()
    {
        ScratchDir scratch(QStringLiteral("db-verified"));
        ReceiptChainBuilder builder(scratch.filePath(QStringLiteral("aegis.db")));
        ExpectedHeads heads;
        QVERIFY2(buildDatabase(builder, &heads), qPrintable(builder.errorString()));
        builder.close();
        Run r = run({QStringLiteral("--db"), builder.path(), QStringLiteral("--manifest"), manifestFor(scratch, heads)});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.firstOut(), QStringLiteral("VERIFIED: 30 receipt(s), chain intact."));

        r = run({QStringLiteral("--db"), builder.path(), QStringLiteral("--tenant"), QStringLiteral("acme"), QStringLiteral("--table")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("tenant acme:\n")));
        QVERIFY(!r.out.contains(QStringLiteral("tenant default")));
        QVERIFY(r.out.endsWith(QStringLiteral("VERIFIED: 10 receipt(s), chain intact.\n")));
        QCOMPARE(r.out.count(QStringLiteral(" OK ")), 10);
    }

    void databaseTampered_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<bool>("withManifest");
        QTest::addColumn<QString>("firstLine");
        QTest::addColumn<QString>("kind");
        QTest::newRow("edit a field") << QStringLiteral("UPDATE receipts SET decision = 'allow' WHERE tenant_id = 'acme' AND seq = 4") << false
                                      << QStringLiteral("TAMPERED: chain failed at receipt index 3 (hash mismatch (tampered receipt)).")
                                      << QStringLiteral("hash_mismatch");
        QTest::newRow("delete a row") << QStringLiteral("DELETE FROM receipts WHERE tenant_id = 'acme' AND seq = 5") << false
                                      << QStringLiteral("TAMPERED: chain failed at receipt index 4 (broken chain link).")
                                      << QStringLiteral("broken_link");
        QTest::newRow("swap rows")
            << QStringLiteral("UPDATE receipts SET seq = 1000 WHERE tenant_id = 'acme' AND seq = 3;"
                              "UPDATE receipts SET seq = 3 WHERE tenant_id = 'acme' AND seq = 4;"
                              "UPDATE receipts SET seq = 4 WHERE tenant_id = 'acme' AND seq = 1000")
            << false << QStringLiteral("TAMPERED: chain failed at receipt index 2 (broken chain link).")
            << QStringLiteral("broken_link");
        QTest::newRow("renumber seq") << QStringLiteral("UPDATE receipts SET seq = seq + 100 WHERE tenant_id = 'acme' AND seq >= 6") << false
                                      << QStringLiteral("TAMPERED: chain failed at receipt index 5 (broken chain link).")
                                      << QStringLiteral("seq_gap");
        QTest::newRow("truncated tail") << QStringLiteral("DELETE FROM receipts WHERE tenant_id = 'acme' AND seq > 7") << true
                                        << QStringLiteral("TAMPERED: chain failed at receipt index 7 (broken chain link).")
                                        << QStringLiteral("truncated");
        QTest::newRow("diverged")
            << QStringLiteral("DELETE FROM receipts WHERE tenant_id = 'acme'") << true
            << QStringLiteral("TAMPERED: chain failed at receipt index 9 (broken chain link).")
            << QStringLiteral("diverged");
    }

    void databaseTampered()
    {
        QFETCH(QString, sql);
        QFETCH(bool, withManifest);
        QFETCH(QString, firstLine);
        QFETCH(QString, kind);
        ScratchDir scratch(QStringLiteral("db-") + QString::fromLatin1(QTest::currentDataTag()));
        ReceiptChainBuilder builder(scratch.filePath(QStringLiteral("aegis.db")));
        ExpectedHeads heads;
        QVERIFY2(buildDatabase(builder, &heads), qPrintable(builder.errorString()));
        QVERIFY2(builder.exec(sql), qPrintable(builder.errorString()));
        if (kind == QLatin1String("diverged")) // a rewritten, self-consistent chain
            QVERIFY(builder.addReceipts(QStringLiteral("acme"), 10, QStringLiteral("impostor")));
        builder.close();

        QStringList arguments{QStringLiteral("--db"), builder.path()};
        if (withManifest)
            arguments << QStringLiteral("--manifest") << manifestFor(scratch, heads);
        const Run r = run(arguments);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.firstErr(), firstLine);
        QVERIFY2(r.err.contains(QStringLiteral("kind:       ") + kind), qPrintable(r.err));
        QVERIFY(r.err.contains(QStringLiteral("tenant:     acme")));
        QVERIFY(r.out.isEmpty());
    }

    void badManifest()
    {
        ScratchDir scratch(QStringLiteral("bad-manifest"));
        ReceiptChainBuilder builder(scratch.filePath(QStringLiteral("aegis.db")));
        QVERIFY(buildDatabase(builder));
        builder.close();
        const QString manifest = write(scratch, QStringLiteral("m.json"),
            R"({"format":"aegis-backup-manifest-1","tenants":{"acme":{"count":3,"head":null}}})");
        const Run r = run({QStringLiteral("--db"), builder.path(), QStringLiteral("--manifest"), manifest});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.firstErr().contains(QStringLiteral("head is null but count is 3")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(VerifyReceiptsCliTest)
#include "VerifyReceiptsCliTest.moc"
