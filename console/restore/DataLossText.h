#pragma once

#include "common/restore/DataLoss.h"

#include <QCoreApplication>
#include <QString>

namespace aegis::console {

// What a restore will stop serving, in the console's words, for the plan
// and the confirmation: diverged chains first and said plainly, then per
// tenant the decisions with their receipts (one receipt per decision),
// then the agents. Made from DataLoss's numbers, never from its sentences.
class DataLossText
{
    Q_DECLARE_TR_FUNCTIONS(DataLossText)

public:
    // The plan page's panel: a headline and one line per tenant.
    static QString plan(const DataLoss &loss, const QString &aside);
    // The confirmation page's sentence.
    static QString confirm(const DataLoss &loss, const QString &aside);
    // "acme: 3 decisions and their receipts; its chain in use now is not a
    // continuation of the backup's (they part after receipt 2 of 3)".
    static QString tenant(const TenantLoss &tenant);

private:
    static QString amount(qint64 decisions, qint64 receipts);
    static QString agentsGone(qint64 agents);
};

} // namespace aegis::console
