#pragma once

#include "common/db/DatabaseInspector.h"
#include "common/restore/TenantLoss.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <map>

namespace aegis {

// What a restore throws away: the evidence in the live database that the
// restored gateway will no longer serve, per tenant. Counted from the live
// database when it can be read (opened read-only, while the gateway may
// still run); otherwise unknown, and the plan says so rather than showing
// zero. Decisions and receipts are one to one: a tenant loses the receipts
// of its live chain beyond the part it shares with the backup's, and the
// decisions they record.
struct DataLoss
{
    bool known = false;
    QString unknownReason;
    QList<TenantLoss> tenants; // every live tenant, in name order
    qint64 decisions = 0;      // sum over tenants
    qint64 receipts = 0;       // sum over tenants
    qint64 agents = 0;         // agents the live database has beyond the backup's count
    std::map<QString, qint64> receiptsByTenant; // the tenants' receipts, by name (the JSON's receipts_by_tenant)
    QStringList divergedTenants;                // the tenants whose live chain is not a continuation of the backup's
    QString liveNewestDecisionAt;

    bool isNone() const { return known && decisions == 0 && receipts == 0 && agents == 0 && divergedTenants.isEmpty(); }
    bool diverged() const { return !divergedTenants.isEmpty(); }
    // The tenants that lose something, diverged ones first.
    QList<TenantLoss> losing() const;
    QJsonObject toJson() const;
    // For the command line and the text report: what stops being served
    // first, per tenant, then the agents. "acme: 3 decision(s) with their
    // receipts (its live chain is not a continuation of the backup's: they
    // part after receipt 2); default: 4 decision(s) with their receipts".
    QString describe() const;

    // Reads the live database read-only (a running gateway is not disturbed);
    // the backup file, when given, shows where diverged chains part.
    static DataLoss measure(const QString &livePath, const DatabaseSummary &backup, const QString &backupPath = {});
};

} // namespace aegis
