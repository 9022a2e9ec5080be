#include "common/backup/BackupManifest.h"

#include "common/db/DatabaseInspector.h"
#include "common/json/JsonParser.h"

#include <QFile>
#include <QJsonDocument>

namespace aegis {

void BackupManifest::describe(const DatabaseSummary &summary)
{
    schemaVersion = summary.schemaVersion;
    quickCheck = summary.integrity;
    tenants = summary.heads;
    agents = summary.agents;
    decisions = summary.decisions;
    receipts = summary.receipts;
    stateFingerprint = summary.stateFingerprint;
}

QJsonObject BackupManifest::toJson() const
{
    return {
        {QStringLiteral("format"), QLatin1String(Format)},
        {QStringLiteral("name"), name},
        {QStringLiteral("sha256"), sha256},
        {QStringLiteral("size_bytes"), sizeBytes},
        {QStringLiteral("created_at"), createdAt},
        {QStringLiteral("gateway_version"), gatewayVersion},
        {QStringLiteral("schema_version"), schemaVersion},
        {QStringLiteral("quick_check"), quickCheck},
        {QStringLiteral("automatic"), automatic},
        {QStringLiteral("kind"), BackupKinds::name(kind)},
        {QStringLiteral("duration_ms"), durationMs},
        {QStringLiteral("tenants"), ExpectedHead::tenantsToJson(tenants)},
        {QStringLiteral("state_fingerprint"), stateFingerprint},
        {QStringLiteral("counts"), QJsonObject{{QStringLiteral("agents"), agents},
                                               {QStringLiteral("decisions"), decisions},
                                               {QStringLiteral("receipts"), receipts}}},
    };
}

QByteArray BackupManifest::toBytes() const
{
    return QJsonDocument(toJson()).toJson(QJsonDocument::Indented);
}

std::optional<BackupManifest> BackupManifest::fromBytes(const QByteArray &bytes, QString *error)
{
    QString parseError;
    const auto exact = JsonParser::parseDocument(bytes, &parseError);
    if (!exact || !exact->isObject()) {
        *error = QStringLiteral("the manifest is not a JSON object: %1").arg(parseError);
        return std::nullopt;
    }
    const auto heads = ExpectedHead::parseManifest(*exact, error);
    if (!heads)
        return std::nullopt;
    const QJsonObject object = exact->toQJsonValue().toObject();
    BackupManifest manifest;
    manifest.name = object.value(QStringLiteral("name")).toString();
    manifest.sha256 = object.value(QStringLiteral("sha256")).toString();
    manifest.sizeBytes = object.value(QStringLiteral("size_bytes")).toInteger(-1);
    manifest.createdAt = object.value(QStringLiteral("created_at")).toString();
    manifest.gatewayVersion = object.value(QStringLiteral("gateway_version")).toString();
    manifest.schemaVersion = object.value(QStringLiteral("schema_version")).toInt(-1);
    manifest.quickCheck = object.value(QStringLiteral("quick_check")).toString();
    manifest.automatic = object.value(QStringLiteral("automatic")).toBool();
    const QJsonValue kind = object.value(QStringLiteral("kind"));
    if (kind.isUndefined())
        manifest.kind = manifest.automatic ? BackupKind::Automatic : BackupKind::Manual;
    else if (const auto known = BackupKinds::fromName(kind.toString()))
        manifest.kind = *known;
    else {
        *error = QStringLiteral("the manifest's kind \"%1\" is not one this version knows").arg(kind.toString());
        return std::nullopt;
    }
    manifest.durationMs = object.value(QStringLiteral("duration_ms")).toInteger();
    const QJsonObject counts = object.value(QStringLiteral("counts")).toObject();
    manifest.agents = counts.value(QStringLiteral("agents")).toInteger();
    manifest.decisions = counts.value(QStringLiteral("decisions")).toInteger();
    manifest.receipts = counts.value(QStringLiteral("receipts")).toInteger();
    manifest.tenants = *heads;
    manifest.stateFingerprint = object.value(QStringLiteral("state_fingerprint")).toString();
    if (manifest.sha256.size() != 64 || manifest.sizeBytes < 0 || manifest.schemaVersion < 0) {
        *error = QStringLiteral("the manifest lacks sha256, size_bytes or schema_version");
        return std::nullopt;
    }
    return manifest;
}

std::optional<BackupManifest> BackupManifest::load(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    // A manifest is a few kilobytes; anything huge is not one.
    const QByteArray bytes = file.read(16 * 1024 * 1024);
    return fromBytes(bytes, error);
}

} // namespace aegis
