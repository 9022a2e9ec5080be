#pragma once

#include "common/json/JsonValue.h"

#include <QByteArrayList>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace aegis {

// receipt_hash of a receipt as found anywhere (API answer, export, file):
// every field but the envelope is hashed, so extra fields a receipt from
// elsewhere carries (executed_hash, note, ...) are covered too.
class ReceiptHasher
{
public:
    static const QByteArrayList &envelopeFields();
    static bool isEnvelopeField(QByteArrayView key);
    // The receipt without its envelope fields.
    static JsonValue hashedBody(const JsonValue &receipt);
    static std::optional<QString> receiptHash(const JsonValue &receipt, QString *error = nullptr);
};

} // namespace aegis
