#include "common/crypto/Ed25519Signer.h"

#include <QByteArray>

#include <openssl/crypto.h>
#include <openssl/evp.h>

namespace aegis {

namespace {

constexpr qsizetype SeedHexLength = 64;
constexpr qsizetype MaxKeyIdLength = 128;

bool isHex(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= '0' && u <= '9') || (u >= 'a' && u <= 'f') || (u >= 'A' && u <= 'F');
}

bool setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
    return false;
}

bool validKeyId(const QString &id, QString *error)
{
    if (id.isEmpty())
        return setError(error, QStringLiteral("signing key: the key id before ':' is empty"));
    if (id.size() > MaxKeyIdLength)
        return setError(error, QStringLiteral("signing key: the key id is longer than %1 characters").arg(MaxKeyIdLength));
    for (QChar c : id) {
        if (c.unicode() <= 0x20 || c.unicode() >= 0x7F)
            return setError(error, QStringLiteral("signing key: the key id may hold only printable ASCII without spaces"));
    }
    return true;
}

} // namespace

std::optional<Ed25519Signer> Ed25519Signer::fromKeySpec(const QString &spec, QString *error)
{
    // A trailing newline from a secrets file is not part of the key.
    const QString trimmed = spec.trimmed();
    if (trimmed.isEmpty()) {
        setError(error, QStringLiteral("signing key is empty; expected [key_id:]<64 hex characters>"));
        return std::nullopt;
    }
    const qsizetype colon = trimmed.lastIndexOf(QLatin1Char(':'));
    QString keyId;
    QString seedHex = trimmed;
    if (colon >= 0) {
        keyId = trimmed.left(colon);
        seedHex = trimmed.mid(colon + 1);
        if (!validKeyId(keyId, error))
            return std::nullopt;
    }
    if (seedHex.size() != SeedHexLength) {
        setError(error, QStringLiteral("signing key: the seed must be 64 hex characters (32 bytes), got %1 characters; "
                                       "expected [key_id:]<64 hex characters>")
                            .arg(seedHex.size()));
        return std::nullopt;
    }
    for (QChar c : seedHex) {
        if (!isHex(c)) {
            setError(error, QStringLiteral("signing key: the seed holds a character that is not hex"));
            return std::nullopt;
        }
    }

    QByteArray seed = QByteArray::fromHex(seedHex.toLatin1());
    EVP_PKEY *raw = EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr,
        reinterpret_cast<const unsigned char *>(seed.constData()), size_t(seed.size()));
    OPENSSL_cleanse(seed.data(), size_t(seed.size()));
    if (!raw) {
        setError(error, QStringLiteral("signing key: OpenSSL refused the Ed25519 seed"));
        return std::nullopt;
    }
    Ed25519Signer signer;
    signer.m_key.reset(raw, EVP_PKEY_free);
    unsigned char publicKey[32];
    size_t publicLength = sizeof publicKey;
    if (EVP_PKEY_get_raw_public_key(raw, publicKey, &publicLength) != 1 || publicLength != sizeof publicKey) {
        setError(error, QStringLiteral("signing key: OpenSSL could not derive the public key"));
        return std::nullopt;
    }
    signer.m_publicKeyHex = QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(publicKey), qsizetype(publicLength)).toHex());
    signer.m_keyId = keyId;
    return signer;
}

QString Ed25519Signer::sign(QByteArrayView message) const
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    if (!context || EVP_DigestSignInit(context.get(), nullptr, nullptr, nullptr, m_key.get()) != 1)
        return QString();
    unsigned char signature[64];
    size_t length = sizeof signature;
    // Ed25519 is one-shot only: OpenSSL refuses the Update/Final form.
    if (EVP_DigestSign(context.get(), signature, &length, reinterpret_cast<const unsigned char *>(message.data()),
            size_t(message.size()))
        != 1)
        return QString();
    return QString::fromLatin1(QByteArray(reinterpret_cast<const char *>(signature), qsizetype(length)).toHex());
}

} // namespace aegis
