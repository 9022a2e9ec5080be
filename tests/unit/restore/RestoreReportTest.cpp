// The restore's results are typed: the report, the checks, the chain and
// count verdicts, the files and the data-loss summary carry enums and
// numbers, the JSON keeps its shape (words where they were, the typed
// values added), and the data loss is counted per tenant, decisions and
// receipts one to one, also when the live chain diverged from the backup's.
#include "common/db/DatabaseInspector.h"
#include "common/restore/CountCheck.h"
#include "common/restore/DataLoss.h"
#include "common/restore/PreflightCheck.h"
#include "common/restore/ReportFile.h"
#include "common/restore/RestoreReport.h"
#include "common/restore/RestoreVerification.h"
#include "common/restore/ServedChain.h"
#include "tests/support/ScratchDir.h"
#include "tests/support/SqliteShell.h"
#include "tests/unit/restore/support/RestoreFixture.h"

#include <QJsonArray>
#include <QtTest>

using namespace aegis;
using namespace aegis::test;

namespace {

const TenantLoss *tenantOf(const DataLoss &loss, const QString &name)
{
    for (const TenantLoss &tenant : loss.tenants) {
        if (tenant.tenant == name)
            return &tenant;
    }
    return nullptr;
}

// One decision row per live receipt, as the gateway writes them (a decision
// and its receipt are made together).
bool addDecisions(const QString &database)
{
    return SqliteShell::exec(database,
        QStringLiteral("INSERT INTO decisions (id, tenant_id, agent_id, tool, action, mutates_state, parameters, decision, "
                       "risk_level, risk_score, action_hash, receipt_id, created_at) "
                       "SELECT 'd-' || event_id, tenant_id, agent_id, tool, action, 0, '{}', 'allow', 'low', 0, "
                       "action_hash, event_id, created_at FROM receipts"));
}

} // namespace

class RestoreReportTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void servedChainVerdictsAreTyped()
    {
        ServedChain chain;
        chain.tenant = QStringLiteral("acme");
        chain.count = 7;
        chain.expectedCount = 5;
        chain.verified = true;
        chain.verdict = ServedChain::Verdict::ExtendsHead;
        QVERIFY(chain.ok());
        QCOMPARE(chain.extension(), 2);
        QCOMPARE(chain.describe(), QStringLiteral("extends the manifest head by 2"));
        const QJsonObject json = chain.toJson();
        QCOMPARE(json.value(QStringLiteral("outcome")).toString(), QStringLiteral("extends_head"));
        QCOMPARE(json.value(QStringLiteral("verdict")).toString(), chain.describe());

        // Read back from the enum's name, whatever the words say.
        QJsonObject reworded = json;
        reworded.insert(QStringLiteral("verdict"), QStringLiteral("all good, trust me"));
        reworded.insert(QStringLiteral("outcome"), QStringLiteral("diverged"));
        const ServedChain back = ServedChain::fromJson(QStringLiteral("acme"), reworded);
        QCOMPARE(back.verdict, ServedChain::Verdict::Diverged);
        QVERIFY(!back.ok());

        for (ServedChain::Verdict verdict : {ServedChain::Verdict::Empty, ServedChain::Verdict::ExtendsEmpty,
                 ServedChain::Verdict::MatchesHead, ServedChain::Verdict::ExtendsHead})
            QVERIFY(ServedChain::isOk(verdict));
        for (ServedChain::Verdict verdict : {ServedChain::Verdict::Missing, ServedChain::Verdict::Broken,
                 ServedChain::Verdict::Truncated, ServedChain::Verdict::Diverged, ServedChain::Verdict::Unknown}) {
            QVERIFY(!ServedChain::isOk(verdict));
            QVERIFY(ServedChain::verdictFromId(ServedChain::verdictId(verdict)) == verdict);
        }

        // A journal written before the outcome was stored: numbers decide, never words.
        QJsonObject old{{QStringLiteral("count"), 5}, {QStringLiteral("expected_count"), 5},
            {QStringLiteral("head"), QStringLiteral("ab")}, {QStringLiteral("expected_head"), QStringLiteral("ab")},
            {QStringLiteral("verified"), true}, {QStringLiteral("verdict"), QStringLiteral("anything")}};
        QCOMPARE(ServedChain::fromJson(QStringLiteral("t"), old).verdict, ServedChain::Verdict::MatchesHead);
        old.insert(QStringLiteral("head"), QStringLiteral("cd"));
        QCOMPARE(ServedChain::fromJson(QStringLiteral("t"), old).verdict, ServedChain::Verdict::Unknown);
    }

    void countChecksAreNumbers()
    {
        const CountCheck match{CountCheck::What::Agents, 4, 4};
        const CountCheck more{CountCheck::What::Decisions, 9, 7};
        const CountCheck fewer{CountCheck::What::Receipts, 6, 7};
        QCOMPARE(match.verdict(), CountCheck::Verdict::Match);
        QCOMPARE(more.verdict(), CountCheck::Verdict::Extends);
        QCOMPARE(fewer.verdict(), CountCheck::Verdict::Short);
        QVERIFY(match.ok() && more.ok() && !fewer.ok());
        QCOMPARE(fewer.describe(), QStringLiteral("short by 1"));
        QCOMPARE(fewer.toJson().value(QStringLiteral("outcome")).toString(), QStringLiteral("short"));
        const auto back = CountCheck::fromJson(CountCheck::What::Receipts, fewer.toJson());
        QVERIFY(back);
        QCOMPARE(back->served, 6);
        QVERIFY(!back->ok());
    }

    void verificationKeepsTheReportsShape()
    {
        RestoreReport report;
        report.outcome = RestoreReport::Outcome::Verified;
        report.verification.counts = {{CountCheck::What::Agents, 2, 2}, {CountCheck::What::Receipts, 8, 8}};
        ServedChain chain;
        chain.tenant = QStringLiteral("default");
        chain.count = chain.expectedCount = 8;
        chain.head = chain.expectedHead = QString(64, QLatin1Char('a'));
        chain.verified = true;
        chain.verdict = ServedChain::Verdict::MatchesHead;
        report.verification.chains = {chain};
        report.verification.chainsChecked = true;
        report.files = {{ReportFile::Kind::Restored, QStringLiteral("db"), QStringLiteral("/srv/aegis.db"), QStringLiteral("ff"), {}},
            {ReportFile::Kind::OriginalAside, QStringLiteral("db"), QStringLiteral("/srv/aegis.db.bad-1"), QStringLiteral("ee"), {}}};
        const QJsonObject json = report.toJson();
        const QJsonObject verification = json.value(QStringLiteral("verification")).toObject();
        for (const QString &key : {QStringLiteral("counts"), QStringLiteral("spot_check"), QStringLiteral("chains"),
                 QStringLiteral("verify_range"), QStringLiteral("chains_empty")})
            QVERIFY2(verification.contains(key), qPrintable(key));
        const QJsonObject agents = verification.value(QStringLiteral("counts")).toObject().value(QStringLiteral("agents")).toObject();
        QCOMPARE(agents.value(QStringLiteral("verdict")).toString(), QStringLiteral("match"));
        const QJsonArray files = json.value(QStringLiteral("files")).toArray();
        QCOMPARE(files.at(1).toObject().value(QStringLiteral("what")).toString(), QStringLiteral("original db (before the restore)"));
        QCOMPARE(files.at(1).toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("original_aside"));
        QVERIFY(report.hasFile(ReportFile::Kind::OriginalAside));
        QVERIFY(!report.hasFile(ReportFile::Kind::RolledBackCopy));
        QVERIFY(report.toText().contains(QStringLiteral("chain default: 8 receipt(s), head equals the manifest head")));
        QVERIFY(!json.contains(QStringLiteral("save_error")));
        report.saveError = QStringLiteral("disk full");
        QCOMPARE(report.toJson().value(QStringLiteral("save_error")).toString(), QStringLiteral("disk full"));
    }

    void preflightChecksAreTyped()
    {
        PreflightCheck check;
        check.kind = PreflightCheck::Kind::AdminToken;
        check.id = PreflightCheck::kindId(check.kind);
        check.status = PreflightCheck::Status::Failed;
        check.option = QStringLiteral("--token-file");
        const PreflightCheck back = PreflightCheck::fromJson(check.toJson());
        QCOMPARE(back.id, QStringLiteral("admin_token"));
        QCOMPARE(back.kind, PreflightCheck::Kind::AdminToken);
        QCOMPARE(back.option, QStringLiteral("--token-file"));
        QCOMPARE(PreflightCheck::kindFromId(QStringLiteral("data_loss")), PreflightCheck::Kind::DataLoss);
        QCOMPARE(PreflightCheck::kindFromId(QStringLiteral("something new")), PreflightCheck::Kind::Other);
    }

    // Decisions and receipts are one to one: a restore that loses 4 of
    // default's receipts loses their 4 decisions, not every decision newer
    // than a timestamp.
    void dataLossCountsDecisionsWithTheirReceipts()
    {
        ScratchDir dir(QStringLiteral("loss-counted"));
        RestoreFixture fixture(dir.path());
        QString error;
        QVERIFY2(fixture.build(&error), qPrintable(error));
        QVERIFY(addDecisions(fixture.database));
        const auto backup = DatabaseInspector::inspectFile(fixture.backup, DatabaseInspector::Check::None, &error);
        QVERIFY(backup);
        const DataLoss loss = DataLoss::measure(fixture.database, *backup, fixture.backup);
        QVERIFY(loss.known);
        QVERIFY(!loss.diverged());
        QCOMPARE(loss.receipts, 6);
        QCOMPARE(loss.decisions, 6);
        QCOMPARE(tenantOf(loss, QStringLiteral("default"))->receipts, 4);
        QCOMPARE(tenantOf(loss, QStringLiteral("default"))->decisions, 4);
        QCOMPARE(tenantOf(loss, QStringLiteral("acme"))->decisions, 2);
        QCOMPARE(tenantOf(loss, QStringLiteral("acme"))->commonCount, 3);
        QVERIFY2(loss.describe().startsWith(QStringLiteral("no longer served: acme: 2 decision(s) with their receipts; "
                                                           "default: 4 decision(s) with their receipts")),
            qPrintable(loss.describe()));
    }

    // A diverged chain: the two part after the receipts they share; only
    // what follows stops being served, counted the same way, said first.
    void dataLossNamesDivergenceFirst()
    {
        ScratchDir dir(QStringLiteral("loss-diverged"));
        RestoreFixture fixture(dir.path());
        QString error;
        QVERIFY2(fixture.build(&error), qPrintable(error));
        QVERIFY(addDecisions(fixture.database));
        // Rebuilt from seq 3 on: every later hash differs, as in a chain that parted there.
        QVERIFY(SqliteShell::exec(fixture.database, QStringLiteral("UPDATE receipts SET receipt_hash = printf('%064d', seq) "
                                                                   "WHERE tenant_id = 'default' AND seq >= 3")));
        const auto backup = DatabaseInspector::inspectFile(fixture.backup, DatabaseInspector::Check::None, &error);
        QVERIFY(backup);
        const DataLoss loss = DataLoss::measure(fixture.database, *backup, fixture.backup);
        QCOMPARE(loss.divergedTenants, QStringList{QStringLiteral("default")});
        const TenantLoss *diverged = tenantOf(loss, QStringLiteral("default"));
        QVERIFY(diverged->diverged);
        QCOMPARE(diverged->commonCount, 2);
        QCOMPARE(diverged->liveCount, 9);
        QCOMPARE(diverged->receipts, 7);  // seq 3..9 of the live chain
        QCOMPARE(diverged->decisions, 7); // their decisions, one each
        QCOMPARE(loss.receipts, 9);
        QCOMPARE(loss.decisions, 9);
        QCOMPARE(loss.losing().first().tenant, QStringLiteral("default"));
        QVERIFY2(loss.describe().startsWith(QStringLiteral("no longer served: default: 7 decision(s) with their receipts "
                                                           "(its live chain is not a continuation of the backup's: they "
                                                           "part after receipt 2)")),
            qPrintable(loss.describe()));
        QCOMPARE(loss.toJson().value(QStringLiteral("tenants")).toArray().size(), 2);

        // Without the backup file where the chains part is unknown: the whole live chain, said so.
        const DataLoss bound = DataLoss::measure(fixture.database, *backup);
        QVERIFY(tenantOf(bound, QStringLiteral("default"))->commonUnknown);
        QCOMPARE(tenantOf(bound, QStringLiteral("default"))->receipts, 9);
    }
};

QTEST_GUILESS_MAIN(RestoreReportTest)
#include "RestoreReportTest.moc"
