#pragma once

#include "common/json/JsonValue.h"

#include <QJsonObject>
#include <QString>

#include <map>
#include <optional>

namespace aegis {

struct ExpectedHead;
// Keyed by tenant id.
using ExpectedHeads = std::map<QString, ExpectedHead>;

// What a tenant's chain must at least contain, as recorded at a point in
// time (a backup manifest's "tenants" object):
//   {"<tenant>": {"count": N, "head": {"seq": N, "receipt_hash": "...", "receipt_id": "..."}}}
// with head null when count is 0.
struct ExpectedHead
{
    qint64 count = 0;
    std::optional<qint64> seq; // nullopt when count is 0
    QString receiptHash;
    QString receiptId;

    bool operator==(const ExpectedHead &other) const = default;

    // nullopt with a reason for anything not of the shape above.
    static std::optional<ExpectedHeads> parseTenants(const JsonValue &tenants, QString *error = nullptr);
    // A whole manifest: checks "format" is aegis-backup-manifest-1, then
    // parses its "tenants".
    static std::optional<ExpectedHeads> parseManifest(const JsonValue &manifest, QString *error = nullptr);
    // The "tenants" object of a manifest.
    static QJsonObject tenantsToJson(const ExpectedHeads &heads);
};

} // namespace aegis
