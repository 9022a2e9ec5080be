#pragma once

#include <QJsonObject>
#include <QString>

namespace aegis {

// What one tenant loses in a restore: the part of its live receipt chain
// that is not in the backup's, and the decisions those receipts record
// (one receipt per decision). The two chains share their first
// `commonCount` receipts; everything after that in the live chain stops
// being served.
struct TenantLoss
{
    QString tenant;
    qint64 receipts = 0;    // live receipts the restored gateway will no longer serve
    qint64 decisions = 0;   // the decisions those receipts record
    qint64 liveCount = 0;   // the live chain's length
    qint64 backupCount = 0; // the backup's chain length
    qint64 commonCount = 0; // receipts both chains hold, from seq 1
    // The live chain is not a continuation of the backup's: they part after
    // commonCount receipts (another installation, or a chain rebuilt since).
    bool diverged = false;
    // The backup could not be read to find where the chains part: the whole
    // live chain is counted (an upper bound).
    bool commonUnknown = false;

    bool losesSomething() const { return receipts > 0 || decisions > 0 || diverged; }
    QJsonObject toJson() const;
};

} // namespace aegis
