#include "common/receipts/ReceiptHasher.h"

#include "common/json/CanonicalJson.h"

namespace aegis {

const QByteArrayList &ReceiptHasher::envelopeFields()
{
    static const QByteArrayList names = {"receipt_hash", "tenant_id", "seq", "decision_id", "canon_version",
        "signature", "signer_public_key", "signer_key_id", "created_at"};
    return names;
}

bool ReceiptHasher::isEnvelopeField(QByteArrayView key)
{
    for (const QByteArray &name : envelopeFields()) {
        if (QByteArrayView(name) == key)
            return true;
    }
    return false;
}

JsonValue ReceiptHasher::hashedBody(const JsonValue &receipt)
{
    // Removing the few envelope keys keeps this linear in the member count.
    JsonValue body = receipt.isObject() ? receipt : JsonValue::object();
    for (const QByteArray &name : envelopeFields())
        body.remove(name);
    return body;
}

std::optional<QString> ReceiptHasher::receiptHash(const JsonValue &receipt, QString *error)
{
    if (!receipt.isObject()) {
        if (error)
            *error = QStringLiteral("a receipt must be a JSON object");
        return std::nullopt;
    }
    return CanonicalJson::hash(hashedBody(receipt), error);
}

} // namespace aegis
