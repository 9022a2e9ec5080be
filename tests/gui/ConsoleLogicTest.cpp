// The console's logic without windows: verdicts ("no receipts" is never
// green), failure kinds and places in words, backup age colours, Digest
// headers, private token files, paging cursors, times with their zone and
// ages in words. (Reading exports and the bounded receipt table live in
// common/ now: tests/unit/receipts.)
#include "console/connection/FileTokenVault.h"
#include "console/models/JsonArrayModel.h"
#include "console/pages/ApprovalText.h"
#include "console/pages/BackupAge.h"
#include "console/pages/CursorPager.h"
#include "console/util/Format.h"
#include "console/verification/ChainResult.h"
#include "console/verification/FailureExplainer.h"
#include "console/verification/FileDownload.h"
#include "console/widgets/MessagePanel.h"
#include "tests/support/ScratchDir.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QScopeGuard>
#include <QtTest>

#include <ctime>

using namespace aegis;
using namespace aegis::console;
using namespace aegis::test;

class ConsoleLogicTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
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
        ChainResult::Tenant tenant;
        tenant.id = QStringLiteral("default");
        tenant.verified = false;
        ChainFailure failure;
        failure.index = 2;
        failure.seq = 3;
        failure.previousSeq = 2;
        failure.kind = ChainFailure::Kind::HashMismatch;
        tenant.failure = failure;
        QCOMPARE(FailureExplainer::title(tenant), QStringLiteral("Edited receipt"));
        // Where: the seq and the tenant, once, without an index beside them.
        QCOMPARE(FailureExplainer::position(tenant), QStringLiteral("seq 3 of tenant default"));
        QVERIFY(FailureExplainer::explanation(tenant).contains(QStringLiteral("seq 3 of tenant default")));
        QCOMPARE(FailureExplainer::title(ChainFailure::Kind::BrokenLink), QStringLiteral("Dropped or reordered receipts"));
        QCOMPARE(FailureExplainer::title(ChainFailure::Kind::SeqGap), QStringLiteral("Gap in sequence"));
        QCOMPARE(FailureExplainer::title(ChainFailure::Kind::Truncated), QStringLiteral("Chain shorter than the backup's manifest"));
        tenant.failure->kind = ChainFailure::Kind::SeqGap;
        tenant.failure->seq = 5;
        tenant.failure->expected = QStringLiteral("3");
        tenant.failure->actual = QStringLiteral("5");
        QVERIFY(FailureExplainer::explanation(tenant).contains(QStringLiteral("from 2 to 5")));
        QVERIFY2(FailureExplainer::headline(tenant).contains(QStringLiteral("seqs 3 to 4 are missing")),
            qPrintable(FailureExplainer::headline(tenant)));
        tenant.failure->kind = ChainFailure::Kind::Truncated;
        tenant.failure->expected = QStringLiteral("10");
        tenant.failure->actual = QStringLiteral("8");
        QVERIFY(FailureExplainer::explanation(tenant).contains(QStringLiteral("recorded 10 receipts")));
        QVERIFY(FailureExplainer::emptyExplanation().contains(QStringLiteral("not a passed check")));
        // A failure without a kind this console knows still fails.
        ChainResult::Tenant unexplained;
        unexplained.id = QStringLiteral("x");
        unexplained.verified = false;
        QVERIFY(unexplained.failed());
        QCOMPARE(FailureExplainer::title(unexplained), QStringLiteral("Chain not verified"));
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

    // Only an approval about to expire is coloured (and bold): a column
    // where every row is amber says nothing.
    void approvalUrgency()
    {
        const QDateTime now = QDateTime(QDate(2026, 12, 5), QTime(12, 0, 0), Qt::UTC);
        QCOMPARE(ApprovalText::urgency(QStringLiteral("2026-12-05T12:15:00Z"), now), std::nullopt);
        QCOMPARE(ApprovalText::urgency(QStringLiteral("2026-12-05T12:04:00Z"), now), StatusColors::Status::Warning);
        QCOMPARE(ApprovalText::urgency(QStringLiteral("2026-12-05T12:00:30Z"), now), StatusColors::Status::Bad);
        QCOMPARE(ApprovalText::urgency(QStringLiteral("2026-12-05T11:00:00Z"), now), StatusColors::Status::Bad);
        QCOMPARE(ApprovalText::urgency(QStringLiteral("soon"), now), std::nullopt);
    }

    // Bold marks what needs a look: a warning or a failure, never every
    // "passed" or "allow" of a column.
    void boldOnlyWhereItMatters()
    {
        JsonArrayModel model({{QStringLiteral("Result"),
            [](const QJsonObject &row) { return row.value(QStringLiteral("r")).toString(); },
            [](const QJsonObject &row) -> std::optional<StatusColors::Status> {
                const QString r = row.value(QStringLiteral("r")).toString();
                if (r == QLatin1String("passed"))
                    return StatusColors::Status::Good;
                if (r == QLatin1String("note"))
                    return StatusColors::Status::Warning;
                return StatusColors::Status::Bad;
            }}});
        model.setRows(QJsonArray{QJsonObject{{QStringLiteral("r"), QStringLiteral("passed")}},
            QJsonObject{{QStringLiteral("r"), QStringLiteral("note")}}, QJsonObject{{QStringLiteral("r"), QStringLiteral("failed")}}});
        QVERIFY(!model.data(model.index(0, 0), Qt::FontRole).value<QFont>().bold());
        QVERIFY(model.data(model.index(0, 0), Qt::ForegroundRole).isValid());
        QVERIFY(model.data(model.index(1, 0), Qt::FontRole).value<QFont>().bold());
        QVERIFY(model.data(model.index(2, 0), Qt::FontRole).value<QFont>().bold());
    }

    // A headline panel sets its lead line large and bold, and the lines
    // under it plain: the plan's data-loss panel was bold from top to bottom.
    void headlineBoldsTheLeadOnly()
    {
        MessagePanel panel;
        panel.setHeadline(true);
        const QString message = QStringLiteral("After the restore <x> will be gone:\n  • acme: 2 decisions\nNothing is deleted.");
        panel.showMessage(StatusColors::Status::Warning, message);
        QCOMPARE(panel.text(), message);
        const QList<QLabel *> labels = panel.findChildren<QLabel *>();
        const auto text = std::find_if(labels.begin(), labels.end(), [](QLabel *label) { return !label->text().isEmpty(); });
        QVERIFY(text != labels.end());
        const QString html = (*text)->text();
        QCOMPARE((*text)->textFormat(), Qt::RichText);
        const qsizetype boldEnd = html.indexOf(QStringLiteral("</span>"));
        QVERIFY2(html.indexOf(QStringLiteral("font-weight:bold")) < boldEnd, qPrintable(html));
        QVERIFY2(html.left(boldEnd).contains(QStringLiteral("After the restore &lt;x&gt; will be gone:")), qPrintable(html));
        QVERIFY2(html.mid(boldEnd).contains(QStringLiteral("  • acme: 2 decisions\nNothing is deleted.")), qPrintable(html));
        QCOMPARE(html.count(QStringLiteral("font-weight:bold")), 1);
    }
};

QTEST_MAIN(ConsoleLogicTest)
#include "ConsoleLogicTest.moc"
