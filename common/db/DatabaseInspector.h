#pragma once

#include "common/receipts/ExpectedHead.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <optional>

namespace aegis {

// What an Aegis database holds, read in a few cheap queries: its schema
// version, how many agents, decisions and receipts, each tenant's chain
// count and head, and optionally SQLite's own consistency check. Used on
// backup copies (manifests, verification), on the live database (restore
// plans: what would be lost) and by the console on local files.
struct DatabaseSummary
{
    int schemaVersion = 0;
    QString integrity;  // "ok", or SQLite's first findings; empty when not checked
    qint64 tenantCount = 0;
    qint64 agents = 0;
    qint64 decisions = 0;
    qint64 receipts = 0;
    ExpectedHeads heads;
    QString newestDecisionAt; // created_at of the newest decision, empty if none
    // Changes whenever any evidence or configuration changes (tenants,
    // agents, policies, decisions, receipts): two databases with the same
    // fingerprint hold the same state as far as a backup is concerned.
    QString stateFingerprint;
};

class DatabaseInspector
{
public:
    enum class Check { None, Quick, Full };

    static std::optional<DatabaseSummary> inspect(QSqlDatabase &db, Check check, QString *error);
    // Opens the file read-only without touching it (ReadOnlyDatabase).
    static std::optional<DatabaseSummary> inspectFile(const QString &path, Check check, QString *error);
};

} // namespace aegis
