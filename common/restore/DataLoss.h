#pragma once

#include "common/db/DatabaseInspector.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <map>

namespace aegis {

// What a restore throws away: the evidence in the live database that is
// newer than the backup. Counted from the live database when it can be read
// (opened read-only, while the gateway may still run); otherwise unknown,
// and the plan says so rather than showing zero.
struct DataLoss
{
    bool known = false;
    QString unknownReason;
    qint64 decisions = 0; // decisions created after the backup's newest
    qint64 receipts = 0;
    qint64 agents = 0;    // agents the live database has beyond the backup's count
    std::map<QString, qint64> receiptsByTenant;
    // Tenants whose live chain does not contain the backup's head: the live
    // database is not a continuation of the backup (another installation,
    // or a chain rebuilt since). Their whole live chain beyond the common
    // part differs.
    QStringList divergedTenants;
    QString liveNewestDecisionAt;

    bool isNone() const { return known && decisions == 0 && receipts == 0 && agents == 0 && divergedTenants.isEmpty(); }
    QJsonObject toJson() const;
    // "12 decisions and 12 receipts newer than the backup (acme: 7, default: 5)".
    QString describe() const;

    // Reads the live database read-only (a running gateway is not disturbed).
    static DataLoss measure(const QString &livePath, const DatabaseSummary &backup);
};

} // namespace aegis
