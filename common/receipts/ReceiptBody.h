#pragma once

#include "common/json/JsonValue.h"

#include <QByteArrayList>
#include <QString>

#include <optional>

namespace aegis {

// The fourteen hashed fields the gateway writes for every receipt
// (RECEIPTS.md, "A receipt"); nullopt members are written as null.
struct ReceiptBody
{
    QString eventId;
    QString ts; // hashed exactly as stored: RFC 3339 UTC, microseconds, Z
    QString agentId;
    std::optional<QString> userId;
    std::optional<QString> runId;
    std::optional<QString> traceId;
    QString tool;
    QString action;
    std::optional<QString> resource;
    std::optional<QString> sourceTrust;
    QString decision;
    std::optional<QString> approver;
    QString actionHash;
    QString prevReceiptHash; // "" for the first receipt of a chain

    // The field names, in the order of RECEIPTS.md; each is also the name of
    // a column of the receipts table.
    static const QByteArrayList &fieldNames();

    JsonValue toJson() const;
    std::optional<QString> receiptHash(QString *error = nullptr) const;
};

} // namespace aegis
