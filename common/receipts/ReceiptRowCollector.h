#pragma once

#include "common/receipts/ReceiptCheck.h"
#include "common/receipts/ReceiptRow.h"

#include <deque>
#include <map>

namespace aegis {

// Collects the verifier's per-receipt verdicts for the table, on the worker
// thread, with memory bounded however long the chain: every row up to
// `keepFirst` per tenant; past that, the rows around the tenant's first
// failure and the last rows of the chain (its head), so that the one place
// an operator must see is always there with its neighbours.
class ReceiptRowCollector
{
public:
    explicit ReceiptRowCollector(qint64 keepFirst = 200000, int context = 25);

    void add(const ReceiptCheck &check);
    std::map<QString, ReceiptRowSet> take();

private:
    struct Tenant
    {
        ReceiptRowSet set;
        std::deque<ReceiptRow> recent; // rows not kept, the newest `context`
        int trailing = 0;              // rows still to keep after the failure
        bool sawFailure = false;
    };

    qint64 m_keepFirst;
    int m_context;
    std::map<QString, Tenant> m_tenants;
};

} // namespace aegis
