#include "common/drill/DrillReport.h"

#include "common/util/Timestamp.h"

#include <QJsonArray>

namespace aegis {

namespace {

QString time(const QDateTime &at)
{
    return at.isValid() ? Timestamp::millis(at) : QString();
}

} // namespace

qint64 DrillReport::durationMs() const
{
    return startedAt.isValid() && finishedAt.isValid() ? startedAt.msecsTo(finishedAt) : -1;
}

const DrillStepRecord *DrillReport::record(DrillStep step) const
{
    for (const DrillStepRecord &record : steps) {
        if (record.step == step)
            return &record;
    }
    return nullptr;
}

QString DrillReport::outcomeId(Outcome outcome)
{
    switch (outcome) {
    case Outcome::Passed: return QStringLiteral("passed");
    case Outcome::Failed: return QStringLiteral("failed");
    case Outcome::Cancelled: return QStringLiteral("cancelled");
    }
    return {};
}

QJsonObject DrillReport::toJson() const
{
    QJsonArray stepArray;
    for (const DrillStepRecord &record : steps)
        stepArray.append(record.toJson());
    QJsonArray checkArray;
    for (const DrillCheck &check : checks)
        checkArray.append(check.toJson());
    QJsonObject limits;
    if (maxRecoveryPointMs)
        limits.insert(QStringLiteral("max_recovery_point_ms"), *maxRecoveryPointMs);
    if (maxRecoveryTimeMs)
        limits.insert(QStringLiteral("max_recovery_time_ms"), *maxRecoveryTimeMs);
    return {
        {QStringLiteral("format"), QStringLiteral("aegis-drill-report-1")},
        {QStringLiteral("outcome"), outcomeId(outcome)},
        {QStringLiteral("failure"), DrillFailures::id(failure)},
        {QStringLiteral("failed_step"), failedStep ? DrillSteps::id(*failedStep) : QString()},
        {QStringLiteral("failure_detail"), failureDetail},
        {QStringLiteral("backup"),
         QJsonObject{{QStringLiteral("source"), BackupSource::kindId(source)},
                     {QStringLiteral("name"), backupName},
                     {QStringLiteral("path"), backupPath},
                     {QStringLiteral("sha256"), backupSha256},
                     {QStringLiteral("size_bytes"), backupBytes},
                     {QStringLiteral("taken_at"), time(backupTakenAt)}}},
        {QStringLiteral("started_at"), time(startedAt)},
        {QStringLiteral("finished_at"), time(finishedAt)},
        {QStringLiteral("recovery_point_ms"), recoveryPointMs},
        {QStringLiteral("recovery_time_ms"), recoveryTimeMs},
        {QStringLiteral("limits"), limits},
        {QStringLiteral("steps"), stepArray},
        {QStringLiteral("checks"), checkArray},
        {QStringLiteral("environment"),
         QJsonObject{{QStringLiteral("host"), host},
                     {QStringLiteral("os"), os},
                     {QStringLiteral("drill_version"), drillVersion},
                     {QStringLiteral("gateway_version"), gatewayVersion},
                     {QStringLiteral("qt_version"), qtVersion},
                     {QStringLiteral("production_url"), productionUrl},
                     {QStringLiteral("throwaway_bind"), throwawayBind},
                     {QStringLiteral("throwaway_pid"), throwawayPid},
                     {QStringLiteral("scratch_directory"), scratchDirectory}}},
    };
}

std::optional<DrillReport> DrillReport::fromJson(const QJsonObject &object, QString *error)
{
    if (object.value(QStringLiteral("format")).toString() != QLatin1String("aegis-drill-report-1")) {
        *error = QStringLiteral("not an aegis drill report (format aegis-drill-report-1)");
        return std::nullopt;
    }
    DrillReport out;
    const QString outcome = object.value(QStringLiteral("outcome")).toString();
    out.outcome = outcome == QLatin1String("passed")      ? Outcome::Passed
                  : outcome == QLatin1String("cancelled") ? Outcome::Cancelled
                                                          : Outcome::Failed;
    out.failure = DrillFailures::fromId(object.value(QStringLiteral("failure")).toString()).value_or(DrillFailure::None);
    out.failedStep = DrillSteps::fromId(object.value(QStringLiteral("failed_step")).toString());
    out.failureDetail = object.value(QStringLiteral("failure_detail")).toString();
    const QJsonObject backup = object.value(QStringLiteral("backup")).toObject();
    const QString source = backup.value(QStringLiteral("source")).toString();
    for (auto kind : {BackupSource::Kind::Fresh, BackupSource::Kind::Latest, BackupSource::Kind::Named,
                      BackupSource::Kind::File}) {
        if (BackupSource::kindId(kind) == source)
            out.source = kind;
    }
    out.backupName = backup.value(QStringLiteral("name")).toString();
    out.backupPath = backup.value(QStringLiteral("path")).toString();
    out.backupSha256 = backup.value(QStringLiteral("sha256")).toString();
    out.backupBytes = backup.value(QStringLiteral("size_bytes")).toInteger(-1);
    out.backupTakenAt = Timestamp::parse(backup.value(QStringLiteral("taken_at")).toString());
    out.startedAt = Timestamp::parse(object.value(QStringLiteral("started_at")).toString());
    out.finishedAt = Timestamp::parse(object.value(QStringLiteral("finished_at")).toString());
    out.recoveryPointMs = object.value(QStringLiteral("recovery_point_ms")).toInteger(-1);
    out.recoveryTimeMs = object.value(QStringLiteral("recovery_time_ms")).toInteger(-1);
    const QJsonObject limits = object.value(QStringLiteral("limits")).toObject();
    if (limits.contains(QStringLiteral("max_recovery_point_ms")))
        out.maxRecoveryPointMs = limits.value(QStringLiteral("max_recovery_point_ms")).toInteger();
    if (limits.contains(QStringLiteral("max_recovery_time_ms")))
        out.maxRecoveryTimeMs = limits.value(QStringLiteral("max_recovery_time_ms")).toInteger();
    for (const QJsonValue &step : object.value(QStringLiteral("steps")).toArray())
        out.steps.append(DrillStepRecord::fromJson(step.toObject()));
    for (const QJsonValue &check : object.value(QStringLiteral("checks")).toArray())
        out.checks.append(DrillCheck::fromJson(check.toObject()));
    const QJsonObject environment = object.value(QStringLiteral("environment")).toObject();
    out.host = environment.value(QStringLiteral("host")).toString();
    out.os = environment.value(QStringLiteral("os")).toString();
    out.drillVersion = environment.value(QStringLiteral("drill_version")).toString();
    out.gatewayVersion = environment.value(QStringLiteral("gateway_version")).toString();
    out.qtVersion = environment.value(QStringLiteral("qt_version")).toString();
    out.productionUrl = environment.value(QStringLiteral("production_url")).toString();
    out.throwawayBind = environment.value(QStringLiteral("throwaway_bind")).toString();
    out.throwawayPid = environment.value(QStringLiteral("throwaway_pid")).toInteger();
    out.scratchDirectory = environment.value(QStringLiteral("scratch_directory")).toString();
    if (!out.startedAt.isValid()) {
        *error = QStringLiteral("the report has no valid started_at");
        return std::nullopt;
    }
    return out;
}

} // namespace aegis
