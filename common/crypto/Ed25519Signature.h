#pragma once

#include <QByteArrayView>

#include <array>
#include <memory>
#include <optional>

struct evp_md_ctx_st;
struct evp_pkey_st;

namespace aegis {

// An Ed25519 public key and signature, decoded from hex, and the one check
// of them (Ed25519Verifier, the chain verifier and its signature pool all
// use it). On a receipt (RECEIPTS.md, "Signing") the signed message is the
// ASCII text of its receipt_hash, the key the one named in its
// signer_public_key: the check proves that key signed the receipt; whether
// it is the gateway's key is for the reader to compare.
struct Ed25519Signature
{
    std::array<unsigned char, 32> publicKey{};
    std::array<unsigned char, 64> signature{};

    // nullopt unless the key is 64 and the signature 128 hex characters.
    static std::optional<Ed25519Signature> fromHex(QByteArrayView publicKeyHex, QByteArrayView signatureHex);

    // Checks signatures one after the other, keeping the last key's OpenSSL
    // object: a chain is signed by one key, and making the key object costs
    // about as much as a check. One per thread.
    class Checker
    {
    public:
        Checker();
        ~Checker();
        Checker(const Checker &) = delete;
        Checker &operator=(const Checker &) = delete;

        bool verify(const Ed25519Signature &signature, QByteArrayView message);

    private:
        struct KeyDeleter
        {
            void operator()(evp_pkey_st *key) const;
        };
        struct ContextDeleter
        {
            void operator()(evp_md_ctx_st *context) const;
        };
        std::array<unsigned char, 32> m_keyBytes{};
        std::unique_ptr<evp_pkey_st, KeyDeleter> m_key;
        std::unique_ptr<evp_md_ctx_st, ContextDeleter> m_context;
    };
};

} // namespace aegis
