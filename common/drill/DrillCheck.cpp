#include "common/drill/DrillCheck.h"

namespace aegis {

QString DrillCheck::kindId(Kind kind)
{
    switch (kind) {
    case Kind::BackupIntegrity: return QStringLiteral("backup_integrity");
    case Kind::Manifest: return QStringLiteral("manifest");
    case Kind::BackupSha256: return QStringLiteral("backup_sha256");
    case Kind::Schema: return QStringLiteral("schema");
    case Kind::BackupChains: return QStringLiteral("backup_chains");
    case Kind::Space: return QStringLiteral("space");
    case Kind::OtherPreflight: return QStringLiteral("preflight");
    case Kind::CopySha256: return QStringLiteral("copy_sha256");
    case Kind::ThrowawayAddress: return QStringLiteral("throwaway_address");
    case Kind::Agents: return QStringLiteral("agents");
    case Kind::Decisions: return QStringLiteral("decisions");
    case Kind::Receipts: return QStringLiteral("receipts");
    case Kind::ServedChain: return QStringLiteral("served_chain");
    case Kind::ServedHead: return QStringLiteral("served_head");
    case Kind::SyntheticReceipt: return QStringLiteral("synthetic_receipt");
    case Kind::RecoveryPoint: return QStringLiteral("recovery_point");
    case Kind::RecoveryTime: return QStringLiteral("recovery_time");
    case Kind::NoProcessLeft: return QStringLiteral("no_process_left");
    case Kind::NoScratchLeft: return QStringLiteral("no_scratch_left");
    }
    return {};
}

std::optional<DrillCheck::Kind> DrillCheck::kindFromId(const QString &id)
{
    for (int i = 0; i <= int(Kind::NoScratchLeft); ++i) {
        if (kindId(Kind(i)) == id)
            return Kind(i);
    }
    return std::nullopt;
}

QJsonObject DrillCheck::toJson() const
{
    QJsonObject out{{QStringLiteral("kind"), kindId(kind)},
                    {QStringLiteral("passed"), passed},
                    {QStringLiteral("expected"), expected},
                    {QStringLiteral("found"), found}};
    if (!subject.isEmpty())
        out.insert(QStringLiteral("subject"), subject);
    if (warning)
        out.insert(QStringLiteral("warning"), true);
    return out;
}

DrillCheck DrillCheck::fromJson(const QJsonObject &object)
{
    DrillCheck out;
    out.kind = kindFromId(object.value(QStringLiteral("kind")).toString()).value_or(Kind::OtherPreflight);
    out.subject = object.value(QStringLiteral("subject")).toString();
    out.passed = object.value(QStringLiteral("passed")).toBool();
    out.warning = object.value(QStringLiteral("warning")).toBool();
    out.expected = object.value(QStringLiteral("expected")).toString();
    out.found = object.value(QStringLiteral("found")).toString();
    return out;
}

} // namespace aegis
