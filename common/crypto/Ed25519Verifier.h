#pragma once

#include <QByteArrayView>
#include <QString>

namespace aegis {

class Ed25519Verifier
{
public:
    // false for a bad signature and for anything malformed (key not 64 hex,
    // signature not 128 hex); never throws, never logs.
    static bool verify(const QString &publicKeyHex, QByteArrayView message, const QString &signatureHex);
};

} // namespace aegis
