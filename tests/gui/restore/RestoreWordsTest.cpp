// The restore wizard's words are made from the engine's typed results,
// never read back from the engine's sentences: the result page's chain and
// count verdicts come from the enums (a reworded engine sentence changes
// nothing), the refusal advice from the check's kind and the option its
// remedy names, the progress column from the unit, and the plan's and the
// confirmation's data-loss text from the per-tenant numbers, a diverged
// chain first and said plainly.
#include "common/restore/DataLoss.h"
#include "common/restore/PreflightCheck.h"
#include "common/restore/RestoreVerification.h"
#include "console/restore/DataLossText.h"
#include "console/restore/RefusalAdvice.h"
#include "console/restore/RestoreStepModel.h"
#include "console/restore/ResultRows.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

using namespace aegis;
using namespace aegis::console;

namespace {

DataLoss divergedLoss()
{
    DataLoss loss;
    loss.known = true;
    TenantLoss acme;
    acme.tenant = QStringLiteral("acme");
    acme.receipts = acme.decisions = 2;
    acme.liveCount = 5;
    acme.backupCount = acme.commonCount = 3;
    TenantLoss main;
    main.tenant = QStringLiteral("main");
    main.receipts = main.decisions = 150;
    main.liveCount = 155;
    main.backupCount = 8;
    main.commonCount = 5;
    main.diverged = true;
    loss.tenants = {acme, main};
    loss.receipts = loss.decisions = 152;
    loss.divergedTenants = {QStringLiteral("main")};
    loss.agents = 1;
    return loss;
}

} // namespace

class RestoreWordsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void chainVerdictsComeFromTheEnum()
    {
        // The engine's words for a matching head, reworded: still green.
        const QJsonObject recorded{{QStringLiteral("count"), 8}, {QStringLiteral("expected_count"), 8},
            {QStringLiteral("head"), QStringLiteral("ab")}, {QStringLiteral("expected_head"), QStringLiteral("ab")},
            {QStringLiteral("verified"), true}, {QStringLiteral("verdict"), QStringLiteral("the head is the manifest's (reworded)")},
            {QStringLiteral("outcome"), QStringLiteral("matches_head")}};
        RestoreVerification verification;
        verification.takeChainCheck(QJsonObject{{QStringLiteral("chains"), QJsonObject{{QStringLiteral("default"), recorded}}}}, false);
        // And a failed one whose words start like a good one did ("extends..."): red.
        ServedChain diverged;
        diverged.tenant = QStringLiteral("acme");
        diverged.verdict = ServedChain::Verdict::Diverged;
        verification.chains.append(diverged);
        const QJsonArray rows = ResultRows::chains(verification);
        QCOMPARE(rows.size(), 2);
        QVERIFY(rows.at(0).toObject().value(QStringLiteral("ok")).toBool());
        QCOMPARE(rows.at(0).toObject().value(QStringLiteral("verdict")).toString(), QStringLiteral("head equals the backup manifest's head"));
        QVERIFY(!rows.at(1).toObject().value(QStringLiteral("ok")).toBool());
        QVERIFY(rows.at(1).toObject().value(QStringLiteral("verdict")).toString().startsWith(QStringLiteral("diverged")));

        // Every verdict: green exactly when the engine says the chain is the backup's.
        for (int v = 0; v <= int(ServedChain::Verdict::Unknown); ++v) {
            RestoreVerification one;
            ServedChain chain;
            chain.verdict = ServedChain::Verdict(v);
            one.chains = {chain};
            QCOMPARE(ResultRows::chains(one).first().toObject().value(QStringLiteral("ok")).toBool(), chain.ok());
            QVERIFY(!ResultRows::chainVerdict(chain).isEmpty());
        }
    }

    void countVerdictsComeFromTheNumbers()
    {
        RestoreVerification verification;
        verification.counts = {{CountCheck::What::Agents, 3, 3}, {CountCheck::What::Receipts, 7, 9}};
        const QJsonArray rows = ResultRows::counts(verification);
        QVERIFY(rows.at(0).toObject().value(QStringLiteral("ok")).toBool());
        QVERIFY(!rows.at(1).toObject().value(QStringLiteral("ok")).toBool());
        QCOMPARE(rows.at(1).toObject().value(QStringLiteral("verdict")).toString(), QStringLiteral("2 missing"));
        QVERIFY(!verification.countsOk());
    }

    void refusalAdviceFollowsTheKindAndTheOption()
    {
        PreflightCheck token;
        token.kind = PreflightCheck::Kind::AdminToken;
        token.status = PreflightCheck::Status::Failed;
        token.remedy = QStringLiteral("give the right token file");
        token.option = QStringLiteral("--token-file");
        QVERIFY(RefusalAdvice::forCheck(token).contains(QStringLiteral("Edit connection")));
        // A remedy that names no option is the engine's own, dashes or not.
        PreflightCheck space;
        space.kind = PreflightCheck::Kind::Space;
        space.remedy = QStringLiteral("free space -- at least 2 GiB");
        QCOMPARE(RefusalAdvice::forCheck(space), space.remedy);
    }

    void progressTextFollowsTheUnit()
    {
        RestoreStepModel model;
        model.stepStarted(QStringLiteral("preflight"), QDateTime::currentDateTimeUtc());
        model.stepProgressed(QStringLiteral("preflight"), 40, 155, ProgressUnit::Receipts, QStringLiteral("checking the chains"));
        const QModelIndex progress = model.index(model.rowOf(RestoreStep::Preflight), RestoreStepModel::ProgressColumn);
        QCOMPARE(model.data(progress).toString(), QStringLiteral("40 of 155 receipts"));
        model.stepProgressed(QStringLiteral("preflight"), 1024, 4096, ProgressUnit::Bytes, QStringLiteral("hashing the receipts' database"));
        QVERIFY2(!model.data(progress).toString().contains(QStringLiteral("receipts")), qPrintable(model.data(progress).toString()));
        model.stepStarted(QStringLiteral("stop"), QDateTime::currentDateTimeUtc());
        model.stepProgressed(QStringLiteral("stop"), 3000, 60000, ProgressUnit::Milliseconds, QString());
        QCOMPARE(model.data(model.index(model.rowOf(RestoreStep::Stop), RestoreStepModel::ProgressColumn)).toString(),
            QStringLiteral("waited 3 s of at most 60 s"));
    }

    void planLeadsWithWhatStopsBeingServed()
    {
        const QString plan = DataLossText::plan(divergedLoss(), QStringLiteral("aegis.db.bad-2026"));
        const QStringList lines = plan.split(QLatin1Char('\n'));
        QCOMPARE(lines.first(), QStringLiteral("After the restore the gateway will no longer serve 152 decisions and their receipts:"));
        // The diverged tenant first, said plainly, counted from where the chains part.
        QVERIFY2(lines.at(1).startsWith(QStringLiteral("• main: 150 decisions and their receipts — its chain in use now is NOT a "
                                                       "continuation of the backup's: the two part after receipt 5 of the backup's 8")),
            qPrintable(plan));
        QCOMPARE(lines.at(2), QStringLiteral("• acme: 2 decisions and their receipts."));
        QVERIFY(plan.contains(QStringLiteral("1 agent registered since the backup will be gone.")));
        QVERIFY(lines.last().contains(QStringLiteral("aegis.db.bad-2026")));
        QVERIFY(!plan.contains(QStringLiteral("decision(s) and")));

        const QString confirm = DataLossText::confirm(divergedLoss(), QStringLiteral("aegis.db.bad-2026"));
        QVERIFY2(confirm.startsWith(QStringLiteral("No longer served after the restore: main: 150 decisions and their receipts — "
                                                   "its chain in use now is NOT a continuation")),
            qPrintable(confirm));
        QVERIFY(confirm.contains(QStringLiteral("acme: 2 decisions and their receipts")));

        DataLoss none;
        none.known = true;
        QCOMPARE(DataLossText::confirm(none, QString()), QStringLiteral("Nothing will be lost."));
    }
};

QTEST_MAIN(RestoreWordsTest)
#include "RestoreWordsTest.moc"
