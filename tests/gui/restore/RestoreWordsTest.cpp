// The restore wizard's words are made from the engine's typed results,
// never read back from the engine's sentences: the result page's chain and
// count verdicts come from the enums (a reworded engine sentence changes
// nothing), the refusal advice from the check's kind and the option its
// remedy names, the progress column from the unit, and the plan's and the
// confirmation's data-loss text from the per-tenant numbers, a diverged
// chain first and said plainly. A step's line comes from its typed finding
// and outcome (its "summary" sentence is ignored when a finding is there),
// with a time in the operator's local time and zone, UTC in the tooltip.
#include "console/restore/RestoreWords.h"
#include "common/restore/DataLoss.h"
#include "common/restore/PreflightCheck.h"
#include "common/restore/RestoreReport.h"
#include "common/restore/RestoreVerification.h"
#include "common/restore/RestoreWording.h"
#include "common/restore/StepRecord.h"
#include "console/restore/DataLossText.h"
#include "console/restore/RefusalAdvice.h"
#include "console/restore/RestoreStepModel.h"
#include "console/restore/ResultRows.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

#include <ctime>

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
    void initTestCase()
    {
        // Not UTC, so that a local time and a UTC time differ.
        qputenv("TZ", "America/New_York");
        tzset();
    }

    void stepLinesComeFromTheFindingNotTheSentence()
    {
        RestoreStepModel model;
        const QModelIndex detail = model.index(model.rowOf(RestoreStep::Copy), RestoreStepModel::DetailColumn);
        StepRecord copied;
        copied.step = RestoreStep::Copy;
        copied.outcome = StepRecord::Outcome::Ok;
        copied.finding = StepFinding(StepFinding::Kind::Copied);
        copied.finding.sha256 = QString(64, QLatin1Char('a'));
        copied.finding.path = QStringLiteral("/srv/aegis.db");
        // Nonsense words beside typed fields that say it went well: done, in the finding's words.
        QJsonObject record = copied.toJson();
        record.insert(QStringLiteral("summary"), QStringLiteral("FAILED: the copy is corrupt, do not trust it"));
        model.stepStarted(QStringLiteral("copy"), QDateTime::currentDateTimeUtc());
        model.stepFinished(QStringLiteral("copy"), record);
        QCOMPARE(model.state(RestoreStep::Copy), RestoreStepModel::State::Done);
        QVERIFY2(model.data(detail).toString().startsWith(QStringLiteral("copied, fsynced and verified")),
                 qPrintable(model.data(detail).toString()));
        QVERIFY(!model.data(detail).toString().contains(QStringLiteral("FAILED")));

        // And the reverse: a failed outcome worded as a success is still a failure.
        StepRecord failed = copied;
        failed.outcome = StepRecord::Outcome::Failed;
        failed.finding = StepFinding(StepFinding::Kind::FilesFailed, QStringLiteral("No space left on device"));
        record = failed.toJson();
        record.insert(QStringLiteral("summary"), QStringLiteral("copied, fsynced and verified; all good"));
        model.stepStarted(QStringLiteral("copy"), QDateTime::currentDateTimeUtc());
        model.stepFinished(QStringLiteral("copy"), record);
        QCOMPARE(model.state(RestoreStep::Copy), RestoreStepModel::State::Failed);
        QCOMPARE(model.data(detail).toString(), QStringLiteral("No space left on device"));

        // An old journal's record has only its sentence: shown as it is.
        QJsonObject old = record;
        old.remove(QStringLiteral("finding"));
        old.insert(QStringLiteral("summary"), QStringLiteral("an old sentence"));
        model.stepFinished(QStringLiteral("copy"), old);
        QCOMPARE(model.data(detail).toString(), QStringLiteral("an old sentence"));
    }

    void reportFailureAndNextStepComeFromTheKinds()
    {
        RestoreReport report;
        report.outcome = RestoreReport::Outcome::NeedsAttention;
        report.failure
            = RestoreFailure(RestoreStep::Start, StepFinding(StepFinding::Kind::StartFailed, QStringLiteral("exit 3")));
        RestoreNextAction next;
        next.kind = RestoreNextAction::Kind::StartGatewayThenRollBack;
        next.database = QStringLiteral("/srv/aegis.db");
        report.nextActions = {next};
        QCOMPARE(RestoreWords::failure(report), QStringLiteral("the gateway could not be started: exit 3"));
        QCOMPARE(RestoreWords::nextActions(report.nextActions),
                 QStringLiteral("start the gateway (its database is the original), then run aegis-restore --resume "
                                "--rollback --db /srv/aegis.db to close the journal"));
        const QJsonObject json = report.toJson();
        QCOMPARE(json.value(QStringLiteral("failure")).toString(), RestoreWords::failure(report));
        QCOMPARE(json.value(QStringLiteral("failure_kind")).toString(), QStringLiteral("start_failed"));
        QCOMPARE(json.value(QStringLiteral("failed_step")).toString(), QStringLiteral("start"));
        QCOMPARE(json.value(QStringLiteral("next_action")).toString(), RestoreWords::nextActions(report.nextActions));
        QCOMPARE(json.value(QStringLiteral("next_actions"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("kind"))
                     .toString(),
                 QStringLiteral("start_gateway_then_roll_back"));
    }

    void aTimeInAFindingIsLocalWithItsZoneAndUtcInTheTooltip()
    {
        StepRecord spot;
        spot.step = RestoreStep::SpotCheck;
        spot.outcome = StepRecord::Outcome::Failed;
        StepFinding older(StepFinding::Kind::NewestDecisionOlder);
        older.at = QDateTime(QDate(2026, 12, 5), QTime(4, 56, 4), Qt::UTC);
        older.expectedAt = QDateTime(QDate(2026, 12, 5), QTime(5, 0, 0), Qt::UTC);
        spot.finding = StepFinding(StepFinding::Kind::SpotCheckFailed);
        spot.finding.parts.push_back(older);

        RestoreStepModel model;
        model.stepStarted(QStringLiteral("spot_check"), QDateTime::currentDateTimeUtc());
        model.stepFinished(QStringLiteral("spot_check"), spot.toJson());
        const QModelIndex detail = model.index(model.rowOf(RestoreStep::SpotCheck), RestoreStepModel::DetailColumn);
        const QString shown = model.data(detail).toString();
        QVERIFY2(shown.contains(QStringLiteral("2026-12-04 23:56:04 EST")), qPrintable(shown));
        QVERIFY2(shown.contains(QStringLiteral("2026-12-05 00:00:00 EST")), qPrintable(shown));
        QVERIFY2(!shown.contains(QStringLiteral("Z)")), qPrintable(shown));
        const QString tooltip = model.data(detail, Qt::ToolTipRole).toString();
        QVERIFY2(tooltip.contains(QStringLiteral("2026-12-05T04:56:04.000Z")), qPrintable(tooltip));

        // The text and JSON reports write the same moment in UTC.
        RestoreReport report;
        report.outcome = RestoreReport::Outcome::RolledBack;
        report.steps = {spot};
        report.failure = RestoreFailure(RestoreStep::SpotCheck, spot.finding);
        const QString text = report.toText();
        QVERIFY2(text.contains(QStringLiteral("2026-12-05T04:56:04.000Z")), qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("EST")), qPrintable(text));
        const QJsonObject json = report.toJson();
        QVERIFY(json.value(QStringLiteral("failure")).toString().contains(QStringLiteral("2026-12-05T04:56:04.000Z")));
        const QJsonObject part = json.value(QStringLiteral("failure_finding"))
                                     .toObject()
                                     .value(QStringLiteral("parts"))
                                     .toArray()
                                     .first()
                                     .toObject();
        QCOMPARE(part.value(QStringLiteral("kind")).toString(), QStringLiteral("newest_decision_older"));
        QCOMPARE(part.value(QStringLiteral("at")).toString(), QStringLiteral("2026-12-05T04:56:04.000Z"));

        // A preflight check's time too: local on the checks page, UTC in the reports, typed in the JSON.
        PreflightCheck manifest;
        manifest.kind = PreflightCheck::Kind::Manifest;
        manifest.id = PreflightCheck::kindId(manifest.kind);
        manifest.detail = QStringLiteral("/b/x.db.manifest.json, written by gateway 1.4.0");
        manifest.createdAt = older.at;
        QCOMPARE(RestoreWords::checkDetail(manifest),
                 QStringLiteral("/b/x.db.manifest.json, written by gateway 1.4.0 (created 2026-12-04 23:56:04 EST)"));
        const QJsonObject check = manifest.toJson();
        QCOMPARE(check.value(QStringLiteral("detail")).toString(),
                 QStringLiteral("/b/x.db.manifest.json, written by gateway 1.4.0 (created 2026-12-05T04:56:04.000Z)"));
        QCOMPARE(check.value(QStringLiteral("created_at")).toString(), QStringLiteral("2026-12-05T04:56:04.000Z"));
        const PreflightCheck back = PreflightCheck::fromJson(check);
        QCOMPARE(back.detail, manifest.detail);
        QCOMPARE(back.createdAt, manifest.createdAt);
    }

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
