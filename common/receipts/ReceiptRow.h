#pragma once

#include "common/receipts/ReceiptCheck.h"

#include <QString>

#include <optional>
#include <vector>

namespace aegis {

// One line of the receipt table: what the verifier said about one receipt.
struct ReceiptRow
{
    qint64 index = 0;
    std::optional<qint64> seq; // exports carry no seq
    ReceiptCheck::Status status = ReceiptCheck::Status::Ok;
    QString receiptId;
    std::optional<QString> receiptHash;
    std::optional<QString> prevReceiptHash;
    QString agentId;
    QString decision;

    static ReceiptRow from(const ReceiptCheck &check);
};

// The rows kept of one tenant's chain: all of them up to a limit, then the
// ones around the first failure and at the head (see ReceiptRowCollector).
struct ReceiptRowSet
{
    std::vector<ReceiptRow> rows;
    qint64 total = 0;      // receipts the verifier saw
    bool windowed = false; // rows.size() < total

    // The position in rows of the receipt with this index, or -1.
    int rowOfIndex(qint64 index) const;
};

} // namespace aegis
