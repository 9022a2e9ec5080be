#include "common/restore/RestoreJournal.h"

#include "common/json/JsonParser.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <array>

namespace aegis {

namespace {

constexpr std::array<std::pair<RestoreJournal::Phase, const char *>, 10> PhaseNames = {{
    {RestoreJournal::Phase::Stopping, "stopping"},
    {RestoreJournal::Phase::MovingAside, "moving_aside"},
    {RestoreJournal::Phase::Copying, "copying"},
    {RestoreJournal::Phase::Installing, "installing"},
    {RestoreJournal::Phase::Starting, "starting"},
    {RestoreJournal::Phase::WaitingReady, "waiting_ready"},
    {RestoreJournal::Phase::SpotChecking, "spot_checking"},
    {RestoreJournal::Phase::VerifyingChain, "verifying_chain"},
    {RestoreJournal::Phase::Finishing, "finishing"},
    {RestoreJournal::Phase::RollingBack, "rolling_back"},
}};

} // namespace

QString RestoreJournal::phaseName(Phase phase)
{
    for (const auto &[candidate, name] : PhaseNames) {
        if (candidate == phase)
            return QLatin1String(name);
    }
    return {};
}

std::optional<RestoreJournal::Phase> RestoreJournal::phaseFromName(const QString &name)
{
    for (const auto &[candidate, text] : PhaseNames) {
        if (name == QLatin1String(text))
            return candidate;
    }
    return std::nullopt;
}

const RestoreJournal::Original *RestoreJournal::original(const QString &role) const
{
    for (const Original &candidate : originals) {
        if (candidate.role == role)
            return &candidate;
    }
    return nullptr;
}

QByteArray RestoreJournal::toBytes() const
{
    QJsonArray originalList;
    for (const Original &file : originals) {
        originalList.append(QJsonObject{{QStringLiteral("role"), file.role},
                                        {QStringLiteral("live"), file.live},
                                        {QStringLiteral("aside"), file.aside},
                                        {QStringLiteral("size_bytes"), file.size},
                                        {QStringLiteral("sha256"), file.sha256}});
    }
    QJsonArray stepList;
    for (const StepRecord &step : steps)
        stepList.append(step.toJson());
    QJsonObject object{
        {QStringLiteral("format"), QLatin1String(Format)},
        {QStringLiteral("id"), id},
        {QStringLiteral("started_at"), startedAt},
        {QStringLiteral("updated_at"), updatedAt},
        {QStringLiteral("phase"), phaseName(phase)},
        {QStringLiteral("reached"), phaseName(reached)},
        {QStringLiteral("stamp"), stamp},
        {QStringLiteral("database"), databasePath},
        {QStringLiteral("backup"), QJsonObject{
             {QStringLiteral("path"), backupPath},
             {QStringLiteral("manifest"), manifestPath},
             {QStringLiteral("sha256"), backupSha256},
             {QStringLiteral("size_bytes"), backupBytes},
             {QStringLiteral("created_at"), backupCreatedAt},
             {QStringLiteral("schema_version"), backupSchemaVersion},
         }},
        {QStringLiteral("expected"), QJsonObject{
             {QStringLiteral("agents"), expectedAgents},
             {QStringLiteral("decisions"), expectedDecisions},
             {QStringLiteral("receipts"), expectedReceipts},
             {QStringLiteral("newest_decision_at"), expectedNewestDecisionAt},
             {QStringLiteral("tenants"), ExpectedHead::tenantsToJson(expectedHeads)},
         }},
        {QStringLiteral("originals"), originalList},
        {QStringLiteral("temporary"), temporaryPath},
        {QStringLiteral("copy_sha256"), copySha256},
        {QStringLiteral("service"), service.toJson()},
        {QStringLiteral("gateway_url"), gatewayUrl},
        {QStringLiteral("preflight"), preflight},
        {QStringLiteral("steps"), stepList},
    };
    if (failure.isEmpty()) {
        object.insert(QStringLiteral("failure"), QString());
        object.insert(QStringLiteral("failed_step"), QString());
    } else {
        failure.writeInto(object);
    }
    if (hasOriginalStatus) {
        object.insert(QStringLiteral("original_status"), QJsonObject{
            {QStringLiteral("uid"), qint64(originalStatus.ownerId)},
            {QStringLiteral("gid"), qint64(originalStatus.groupId)},
            {QStringLiteral("mode"), qint64(originalStatus.mode)},
        });
    }
    return QJsonDocument(object).toJson(QJsonDocument::Indented);
}

std::optional<RestoreJournal> RestoreJournal::fromBytes(const QByteArray &bytes, QString *error)
{
    auto fail = [error](const QString &what) {
        if (error)
            *error = what;
        return std::nullopt;
    };
    QString parseError;
    const auto exact = JsonParser::parseDocument(bytes, &parseError);
    if (!exact || !exact->isObject())
        return fail(QStringLiteral("the restore journal is not a JSON object: %1").arg(parseError));
    const QJsonObject object = exact->toQJsonValue().toObject();
    if (object.value(QStringLiteral("format")).toString() != QLatin1String(Format))
        return fail(QStringLiteral("the restore journal has an unknown format '%1'")
                        .arg(object.value(QStringLiteral("format")).toString()));
    RestoreJournal journal;
    journal.id = object.value(QStringLiteral("id")).toString();
    journal.startedAt = object.value(QStringLiteral("started_at")).toString();
    journal.updatedAt = object.value(QStringLiteral("updated_at")).toString();
    const auto phase = phaseFromName(object.value(QStringLiteral("phase")).toString());
    if (!phase)
        return fail(QStringLiteral("the restore journal names an unknown phase '%1'")
                        .arg(object.value(QStringLiteral("phase")).toString()));
    journal.phase = *phase;
    const auto reached = phaseFromName(object.value(QStringLiteral("reached")).toString());
    journal.reached = reached && *reached != Phase::RollingBack ? *reached : Phase::Stopping;
    if (journal.phase != Phase::RollingBack && journal.reached < journal.phase)
        journal.reached = journal.phase;
    journal.stamp = object.value(QStringLiteral("stamp")).toInteger();
    journal.databasePath = object.value(QStringLiteral("database")).toString();
    const QJsonObject backup = object.value(QStringLiteral("backup")).toObject();
    journal.backupPath = backup.value(QStringLiteral("path")).toString();
    journal.manifestPath = backup.value(QStringLiteral("manifest")).toString();
    journal.backupSha256 = backup.value(QStringLiteral("sha256")).toString();
    journal.backupBytes = backup.value(QStringLiteral("size_bytes")).toInteger();
    journal.backupCreatedAt = backup.value(QStringLiteral("created_at")).toString();
    journal.backupSchemaVersion = backup.value(QStringLiteral("schema_version")).toInt();
    const QJsonObject expected = object.value(QStringLiteral("expected")).toObject();
    journal.expectedAgents = expected.value(QStringLiteral("agents")).toInteger();
    journal.expectedDecisions = expected.value(QStringLiteral("decisions")).toInteger();
    journal.expectedReceipts = expected.value(QStringLiteral("receipts")).toInteger();
    journal.expectedNewestDecisionAt = expected.value(QStringLiteral("newest_decision_at")).toString();
    // The heads go through the exact parser: hashes and seqs as written.
    if (const JsonValue *tenants = exact->value("expected").find("tenants")) {
        QString headsError;
        const auto heads = ExpectedHead::parseTenants(*tenants, &headsError);
        if (!heads)
            return fail(QStringLiteral("the restore journal's expected heads are unreadable: %1").arg(headsError));
        journal.expectedHeads = *heads;
    }
    for (const QJsonValue &value : object.value(QStringLiteral("originals")).toArray()) {
        const QJsonObject file = value.toObject();
        Original original;
        original.role = file.value(QStringLiteral("role")).toString();
        original.live = file.value(QStringLiteral("live")).toString();
        original.aside = file.value(QStringLiteral("aside")).toString();
        original.size = file.value(QStringLiteral("size_bytes")).toInteger();
        original.sha256 = file.value(QStringLiteral("sha256")).toString();
        if (original.live.isEmpty() || original.aside.isEmpty())
            return fail(QStringLiteral("the restore journal lists an original file without its names"));
        journal.originals.append(original);
    }
    if (object.contains(QStringLiteral("original_status"))) {
        const QJsonObject status = object.value(QStringLiteral("original_status")).toObject();
        journal.hasOriginalStatus = true;
        journal.originalStatus.ownerId = uint(status.value(QStringLiteral("uid")).toInteger());
        journal.originalStatus.groupId = uint(status.value(QStringLiteral("gid")).toInteger());
        journal.originalStatus.mode = uint(status.value(QStringLiteral("mode")).toInteger());
    }
    journal.temporaryPath = object.value(QStringLiteral("temporary")).toString();
    journal.copySha256 = object.value(QStringLiteral("copy_sha256")).toString();
    journal.failure = RestoreFailure::readFrom(object);
    QString serviceError;
    const auto service = ServiceSpec::fromJson(object.value(QStringLiteral("service")).toObject(), &serviceError);
    if (!service)
        return fail(QStringLiteral("the restore journal's service control is unreadable: %1").arg(serviceError));
    journal.service = *service;
    journal.gatewayUrl = object.value(QStringLiteral("gateway_url")).toString();
    journal.preflight = object.value(QStringLiteral("preflight")).toObject();
    for (const QJsonValue &value : object.value(QStringLiteral("steps")).toArray())
        journal.steps.append(StepRecord::fromJson(value.toObject()));
    if (journal.databasePath.isEmpty() || journal.stamp <= 0)
        return fail(QStringLiteral("the restore journal lacks the database path or its stamp"));
    return journal;
}

} // namespace aegis
