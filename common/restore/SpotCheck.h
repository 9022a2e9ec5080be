#pragma once

#include "common/restore/CountCheck.h"
#include "common/restore/GatewayProbe.h"
#include "common/restore/StepFinding.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace aegis {

// Step 6: the restarted gateway serves the backup's point in time.
// GET /v1/agents and GET /v1/decisions?limit=5 must answer, and the counts of
// agents, decisions and receipts must be those of the backup, or more when
// the gateway has already taken new decisions since it started (never fewer).
// The counts come from GET /v1/admin/summary; a gateway without that route
// has its database file read directly (read-only), and the report says so.
class SpotCheck
{
public:
    struct Expected
    {
        qint64 agents = 0;
        qint64 decisions = 0;
        qint64 receipts = 0;
        QString newestDecisionAt;
        QString databasePath; // for the fallback count
    };

    struct Result
    {
        bool passed = false;
        StepFinding finding;      // CountsExact, CountsGrown, or SpotCheckFailed with each problem a part
        QList<CountCheck> counts; // the counts that could be read, served against the backup's
        QJsonObject details; // {"agents_endpoint", "decisions_endpoint", "counts": {...}, "counts_source"}
    };

    SpotCheck(GatewayProbe &gateway, int timeoutMs);
    Result run(const Expected &expected);

    // "match", "extends by N" or "short by N" (CountCheck::describe()).
    static QString verdict(qint64 served, qint64 expected);

private:
    GatewayProbe &m_gateway;
    int m_timeoutMs;
};

} // namespace aegis
