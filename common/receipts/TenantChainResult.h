#pragma once

#include "common/receipts/ChainFailure.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace aegis {

// The verdict on one tenant's chain (or on the part of it that was read).
struct TenantChainResult
{
    qint64 count = 0;
    // The last receipt's receipt_hash as read, failed or not.
    std::optional<QString> headHash;
    std::optional<qint64> headSeq;
    QString headReceiptId;
    std::optional<ChainFailure> firstFailure;

    bool verified() const { return !firstFailure; }
    // {"verified","count","head","first_failure"} as in API.md; first_failure
    // is null for an intact chain.
    QJsonObject toJson() const;
};

} // namespace aegis
