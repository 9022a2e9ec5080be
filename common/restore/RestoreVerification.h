#pragma once

#include "common/restore/CountCheck.h"
#include "common/restore/ServedChain.h"

#include <QJsonObject>
#include <QList>

namespace aegis {

// What the restored gateway was proven to serve (steps 6 and 7): the counts
// and every tenant's chain against the backup, typed, with the gateway's
// own answers kept as evidence.
struct RestoreVerification
{
    QList<CountCheck> counts;   // empty until the spot check ran
    QList<ServedChain> chains;  // empty until the chain check ran
    bool chainsChecked = false;
    bool chainsEmpty = false;   // no receipts anywhere: nothing was proven
    QJsonObject spotCheck;      // the spot check's evidence, as recorded
    QJsonObject verifyRange;    // POST /v1/receipts/verify-range's answer, in short

    bool isEmpty() const { return counts.isEmpty() && chains.isEmpty() && !chainsChecked && spotCheck.isEmpty(); }
    bool countsOk() const;
    bool chainsOk() const;

    // The report's "verification" object: {"counts": {agents|decisions|receipts: {...}},
    // "spot_check", "chains": {tenant: {...}}, "verify_range", "chains_empty"}.
    QJsonObject toJson() const;
    // From a step's recorded details (a resumed restore's earlier checks).
    void takeSpotCheck(const QJsonObject &details);
    void takeChainCheck(const QJsonObject &details, bool empty);
};

} // namespace aegis
