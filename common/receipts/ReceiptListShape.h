#pragma once

#include "common/json/JsonValue.h"

#include <QString>

#include <optional>

namespace aegis {

// What a JSON input of receipts says about itself (RECEIPTS.md,
// "Verifying a list"; see ChainListVerifier): where its receipts are, the
// tenant of receipts that name none, and whether it is a whole chain (an
// export). Shared by the in-memory and the streaming verifier so that
// both read an input the same way.
struct ReceiptListShape
{
    const JsonValue *receipts = nullptr; // the array, inside the input
    QString defaultTenant;
    bool fullChain = false;

    // nullopt, with the reason, for an input of the wrong shape.
    static std::optional<ReceiptListShape> of(const JsonValue &input, bool fullChain, QString *error);
    // The group (tenant) a receipt belongs to.
    static QString groupOf(const JsonValue &receipt, const QString &defaultTenant);
};

} // namespace aegis
