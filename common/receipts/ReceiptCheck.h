#pragma once

#include <QString>

#include <functional>
#include <optional>

namespace aegis {

// One receipt's verdict as the verifier walks a chain: a row of the table
// in aegis-verify-receipts --table and in the console. Verification goes
// on after the first failure so that every row has a status.
struct ReceiptCheck
{
    enum class Status
    {
        Ok,
        Tampered, // its own content does not give its receipt_hash
        Broken,   // its link to the previous receipt (or to a manifest head) or its seq is wrong
        Malformed
    };

    QString tenantId;
    qint64 index = 0;
    std::optional<qint64> seq;
    QString receiptId;
    std::optional<QString> receiptHash;     // nullopt when absent or not a string
    std::optional<QString> prevReceiptHash; // nullopt when absent or not a string
    QString agentId;
    QString decision;
    Status status = Status::Ok;

    // "OK", "TAMPERED", "BROKEN", "MALFORMED"
    static QString statusName(Status status);
};

using ReceiptCallback = std::function<void(const ReceiptCheck &)>;

} // namespace aegis
