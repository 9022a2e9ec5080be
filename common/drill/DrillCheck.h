#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace aegis {

// One comparison a drill made: what was expected, what was found, whether
// they agree. Values (hashes, counts, addresses) travel whole; the words for
// the kind are made at the edge (DrillText).
struct DrillCheck
{
    enum class Kind
    {
        BackupIntegrity,  // PRAGMA integrity_check
        Manifest,         // the backup has a readable manifest
        BackupSha256,     // the file's sha256 against the manifest's
        Schema,           // backup schema against the gateway binary's
        BackupChains,     // the backup's chains verify and reach the manifest heads
        Space,            // room in the scratch directory
        OtherPreflight,   // a restore preflight check without a drill meaning (subject: its id)
        CopySha256,       // the restored copy's sha256 against the backup's
        ThrowawayAddress, // the throwaway gateway's bind against production's
        Agents,           // served counts against the manifest
        Decisions,
        Receipts,
        ServedChain,      // verify-range on the throwaway gateway (subject: tenant, or "all")
        ServedHead,       // a tenant's served head against its manifest head (subject: tenant)
        SyntheticReceipt, // the new receipt extends the chain
        RecoveryPoint,    // the backup's age against --max-recovery-point
        RecoveryTime,     // restore to verified serving against --max-recovery-time
        NoProcessLeft,    // the throwaway gateway is gone
        NoScratchLeft     // the scratch directory is gone
    };

    Kind kind = Kind::OtherPreflight;
    QString subject; // a tenant, a preflight check id; empty when the kind says it all
    bool passed = false;
    bool warning = false; // passed, with something worth knowing (e.g. an empty chain)
    QString expected;
    QString found;

    static QString kindId(Kind kind);
    static std::optional<Kind> kindFromId(const QString &id);
    QJsonObject toJson() const;
    static DrillCheck fromJson(const QJsonObject &object);
};

} // namespace aegis
