#include "common/receipts/ReceiptRow.h"

#include <algorithm>

namespace aegis {

ReceiptRow ReceiptRow::from(const ReceiptCheck &check)
{
    ReceiptRow row;
    row.index = check.index;
    row.seq = check.seq;
    row.status = check.status;
    row.receiptId = check.receiptId;
    row.receiptHash = check.receiptHash;
    row.prevReceiptHash = check.prevReceiptHash;
    row.agentId = check.agentId;
    row.decision = check.decision;
    return row;
}

int ReceiptRowSet::rowOfIndex(qint64 index) const
{
    // Rows are in index order, with gaps when windowed.
    const auto it = std::lower_bound(rows.begin(), rows.end(), index,
        [](const ReceiptRow &row, qint64 wanted) { return row.index < wanted; });
    if (it == rows.end() || it->index != index)
        return -1;
    return int(it - rows.begin());
}

} // namespace aegis
