#include "common/crypto/Ed25519Signature.h"

#include "common/util/HexDigit.h"

#include <openssl/evp.h>

namespace aegis {

namespace {

template <size_t N>
bool decode(QByteArrayView hex, std::array<unsigned char, N> &out)
{
    if (hex.size() != qsizetype(2 * N))
        return false;
    for (size_t i = 0; i < N; ++i) {
        const int high = hexDigitValue(hex[qsizetype(2 * i)]);
        const int low = hexDigitValue(hex[qsizetype(2 * i + 1)]);
        if (high < 0 || low < 0)
            return false;
        out[i] = static_cast<unsigned char>(high << 4 | low);
    }
    return true;
}

} // namespace

std::optional<Ed25519Signature> Ed25519Signature::fromHex(QByteArrayView publicKeyHex, QByteArrayView signatureHex)
{
    Ed25519Signature out;
    if (!decode(publicKeyHex, out.publicKey) || !decode(signatureHex, out.signature))
        return std::nullopt;
    return out;
}

void Ed25519Signature::Checker::KeyDeleter::operator()(evp_pkey_st *key) const
{
    EVP_PKEY_free(key);
}

void Ed25519Signature::Checker::ContextDeleter::operator()(evp_md_ctx_st *context) const
{
    EVP_MD_CTX_free(context);
}

Ed25519Signature::Checker::Checker()
    : m_context(EVP_MD_CTX_new())
{
}

Ed25519Signature::Checker::~Checker() = default;

bool Ed25519Signature::Checker::verify(const Ed25519Signature &signature, QByteArrayView message)
{
    if (!m_key || m_keyBytes != signature.publicKey) {
        m_key.reset(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, signature.publicKey.data(),
            signature.publicKey.size()));
        m_keyBytes = signature.publicKey;
    }
    if (!m_key || !m_context)
        return false; // not a point on the curve: no valid signature
    EVP_MD_CTX_reset(m_context.get());
    if (EVP_DigestVerifyInit(m_context.get(), nullptr, nullptr, nullptr, m_key.get()) != 1)
        return false;
    return EVP_DigestVerify(m_context.get(), signature.signature.data(), signature.signature.size(),
               reinterpret_cast<const unsigned char *>(message.data()), size_t(message.size()))
        == 1;
}

} // namespace aegis
