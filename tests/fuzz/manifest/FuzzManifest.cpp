// Fuzz target of backup manifest parsing (BackupManifest::fromBytes), which
// reads files beside backups (verify, restore, drills) and catalog entries
// from a gateway (CatalogManifest). Any input is refused with a reason or
// parsed; a parsed manifest written again (toBytes, as the gateway writes
// it) reads back the same, and its catalog form reads back the same too.
#include "common/backup/BackupManifest.h"
#include "common/backup/CatalogManifest.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

using aegis::BackupManifest;

void require(bool condition, const char *property)
{
    if (!condition) {
        std::fprintf(stderr, "BackupManifest property violated: %s\n", property);
        std::abort();
    }
}

bool sameEvidence(const BackupManifest &a, const BackupManifest &b)
{
    return a.name == b.name && a.sha256 == b.sha256 && a.sizeBytes == b.sizeBytes && a.createdAt == b.createdAt
        && a.gatewayVersion == b.gatewayVersion && a.schemaVersion == b.schemaVersion && a.automatic == b.automatic
        && a.tenants == b.tenants && a.agents == b.agents && a.decisions == b.decisions && a.receipts == b.receipts;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    QString error;
    const auto manifest = BackupManifest::fromBytes(bytes, &error);
    if (!manifest) {
        require(!error.isEmpty(), "a refused manifest says why");
        return 0;
    }
    require(manifest->sha256.size() == 64 && manifest->sizeBytes >= 0 && manifest->schemaVersion >= 0,
            "an accepted manifest has the fields a restore checks");

    const auto rewritten = BackupManifest::fromBytes(manifest->toBytes(), &error);
    if (!rewritten)
        std::fprintf(stderr, "rewritten manifest refused: %s\n", qPrintable(error));
    require(rewritten.has_value(), "a manifest the gateway writes reads back");
    require(sameEvidence(*manifest, *rewritten) && manifest->quickCheck == rewritten->quickCheck
                && manifest->durationMs == rewritten->durationMs
                && manifest->stateFingerprint == rewritten->stateFingerprint,
            "a manifest reads back as written");

    QJsonObject entry = manifest->toJson();
    entry.insert(QStringLiteral("has_manifest"), true);
    const auto fromCatalog = aegis::CatalogManifest::fromEntry(entry, &error);
    require(fromCatalog && sameEvidence(*manifest, *fromCatalog), "a catalog entry carries the manifest's evidence");
    return 0;
}
