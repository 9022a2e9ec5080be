#include "common/crypto/Ed25519Verifier.h"

#include "common/crypto/Ed25519Signature.h"

namespace aegis {

bool Ed25519Verifier::verify(const QString &publicKeyHex, QByteArrayView message, const QString &signatureHex)
{
    // Anything but hex digits (a non-Latin-1 character becomes '?') fails
    // to decode.
    const auto signature = Ed25519Signature::fromHex(publicKeyHex.toLatin1(), signatureHex.toLatin1());
    if (!signature)
        return false;
    Ed25519Signature::Checker checker;
    return checker.verify(*signature, message);
}

} // namespace aegis
