#pragma once

#include <QByteArrayView>
#include <QString>

#include <memory>
#include <optional>

struct evp_pkey_st;

namespace aegis {

// Signs receipts with an Ed25519 key given as AEGIS_RECEIPT_SIGNING_KEY:
// "[key_id:]<64 hex seed>" (RECEIPTS.md, "Signing").
class Ed25519Signer
{
public:
    // nullopt with a reason in *error for a malformed spec. The reason never
    // quotes the seed: it is a secret and error texts end up in logs.
    static std::optional<Ed25519Signer> fromKeySpec(const QString &spec, QString *error = nullptr);

    // 128 lowercase hex characters; for a receipt the message is the ASCII
    // text of its receipt_hash.
    QString sign(QByteArrayView message) const;
    // The raw 32-byte public key in lowercase hex.
    QString publicKeyHex() const { return m_publicKeyHex; }
    // Empty when the spec named no key id (signer_key_id is then null).
    QString keyId() const { return m_keyId; }

private:
    Ed25519Signer() = default;

    std::shared_ptr<evp_pkey_st> m_key;
    QString m_publicKeyHex;
    QString m_keyId;
};

} // namespace aegis
