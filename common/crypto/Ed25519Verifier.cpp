#include "common/crypto/Ed25519Verifier.h"

#include <QByteArray>

#include <openssl/evp.h>

#include <memory>

namespace aegis {

namespace {

bool isHexText(const QString &text, qsizetype length)
{
    if (text.size() != length)
        return false;
    for (QChar c : text) {
        const char16_t u = c.unicode();
        if (!((u >= '0' && u <= '9') || (u >= 'a' && u <= 'f') || (u >= 'A' && u <= 'F')))
            return false;
    }
    return true;
}

} // namespace

bool Ed25519Verifier::verify(const QString &publicKeyHex, QByteArrayView message, const QString &signatureHex)
{
    if (!isHexText(publicKeyHex, 64) || !isHexText(signatureHex, 128))
        return false;
    const QByteArray publicKey = QByteArray::fromHex(publicKeyHex.toLatin1());
    const QByteArray signature = QByteArray::fromHex(signatureHex.toLatin1());
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
            reinterpret_cast<const unsigned char *>(publicKey.constData()), size_t(publicKey.size())),
        EVP_PKEY_free);
    if (!key)
        return false;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!context || EVP_DigestVerifyInit(context.get(), nullptr, nullptr, nullptr, key.get()) != 1)
        return false;
    return EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char *>(signature.constData()),
               size_t(signature.size()), reinterpret_cast<const unsigned char *>(message.data()),
               size_t(message.size()))
        == 1;
}

} // namespace aegis
