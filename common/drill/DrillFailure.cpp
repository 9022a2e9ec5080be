#include "common/drill/DrillFailure.h"

#include <array>

namespace aegis::DrillFailures {

namespace {

constexpr std::array<DrillFailure, 21> All{
    DrillFailure::None,           DrillFailure::BackupUnavailable,  DrillFailure::BackupDamaged,
    DrillFailure::ManifestMissing, DrillFailure::ManifestMismatch,  DrillFailure::SchemaTooNew,
    DrillFailure::EvidenceBroken, DrillFailure::NoSpace,            DrillFailure::CheckFailed,
    DrillFailure::CopyFailed,     DrillFailure::ProductionAddress,  DrillFailure::GatewayDidNotStart,
    DrillFailure::GatewayNotReady, DrillFailure::CountsMismatch,    DrillFailure::ServedChainMismatch,
    DrillFailure::NotWritable,    DrillFailure::StopFailed,         DrillFailure::CleanupFailed,
    DrillFailure::RecoveryPointExceeded, DrillFailure::RecoveryTimeExceeded, DrillFailure::Cancelled};

} // namespace

QString id(DrillFailure failure)
{
    switch (failure) {
    case DrillFailure::None: return QStringLiteral("none");
    case DrillFailure::BackupUnavailable: return QStringLiteral("backup_unavailable");
    case DrillFailure::BackupDamaged: return QStringLiteral("backup_damaged");
    case DrillFailure::ManifestMissing: return QStringLiteral("manifest_missing");
    case DrillFailure::ManifestMismatch: return QStringLiteral("manifest_mismatch");
    case DrillFailure::SchemaTooNew: return QStringLiteral("schema_too_new");
    case DrillFailure::EvidenceBroken: return QStringLiteral("evidence_broken");
    case DrillFailure::NoSpace: return QStringLiteral("no_space");
    case DrillFailure::CheckFailed: return QStringLiteral("check_failed");
    case DrillFailure::CopyFailed: return QStringLiteral("copy_failed");
    case DrillFailure::ProductionAddress: return QStringLiteral("production_address");
    case DrillFailure::GatewayDidNotStart: return QStringLiteral("gateway_did_not_start");
    case DrillFailure::GatewayNotReady: return QStringLiteral("gateway_not_ready");
    case DrillFailure::CountsMismatch: return QStringLiteral("counts_mismatch");
    case DrillFailure::ServedChainMismatch: return QStringLiteral("served_chain_mismatch");
    case DrillFailure::NotWritable: return QStringLiteral("not_writable");
    case DrillFailure::StopFailed: return QStringLiteral("stop_failed");
    case DrillFailure::CleanupFailed: return QStringLiteral("cleanup_failed");
    case DrillFailure::RecoveryPointExceeded: return QStringLiteral("recovery_point_exceeded");
    case DrillFailure::RecoveryTimeExceeded: return QStringLiteral("recovery_time_exceeded");
    case DrillFailure::Cancelled: return QStringLiteral("cancelled");
    }
    return {};
}

std::optional<DrillFailure> fromId(const QString &text)
{
    for (DrillFailure failure : All) {
        if (id(failure) == text)
            return failure;
    }
    return std::nullopt;
}

} // namespace aegis::DrillFailures
