#pragma once

#include <QByteArrayView>
#include <QtGlobal>

#include <array>
#include <string>

namespace aegis {

// Reads one receipt object of a JSON file straight from its text and
// writes the canonical text of its hashed body (RECEIPTS.md, "Canonical
// JSON") into a buffer, without a JsonValue: the file path's fast lane.
//
// It takes only receipts whose text already is canonical member by member,
// which is what the gateway writes (GET /v1/receipts, the export): a flat
// object of strings without escapes other than the canonical ones,
// integers, true, false and null, keys unique and without escapes, with
// the receipt_hash and prev_receipt_hash as plain strings. Then every
// member's text is its canonical text and copying the body's members in
// key order is the canonical body, byte for byte. The signature fields,
// when there is a signature, are copied out too. For anything else
// (nesting, floats, other escapes, duplicate keys, a malformed receipt,
// invalid JSON) it declines and changes nothing: the strict JsonParser and
// ChainVerifier::add then read the receipt as before, and word what is
// wrong. So it never accepts what the parser refuses, and never decides a
// verdict.
class ReceiptScanner
{
public:
    struct Receipt
    {
        qsizetype end = 0; // in the input, just after the closing brace
        // In the output buffer: the canonical body, then the stated
        // receipt_hash (64 bytes, not part of the body).
        qsizetype bodyBegin = 0;
        qsizetype bodyEnd = 0;
        qsizetype hashAt = 0;
        // Values of prev_receipt_hash and event_id inside the body; eventIdAt
        // is -1 when event_id is absent or not a string.
        qsizetype prevAt = 0;
        qsizetype prevSize = 0;
        qsizetype eventIdAt = -1;
        qsizetype eventIdSize = 0;
        bool hasSeq = false;
        qint64 seq = 0;
        // tenant_id, when it is a string: its bytes in the input.
        bool hasTenant = false;
        QByteArrayView tenant;
        // signature and signer_public_key, when signature is not null: in
        // the output buffer, after the hash.
        bool hasSignature = false;
        qsizetype signatureAt = 0;
        qsizetype signatureSize = 0;
        qsizetype publicKeyAt = 0;
        qsizetype publicKeySize = 0;
    };

    // Scans the object starting at input[begin]. true: its body and hash are
    // appended to out and receipt says where; false: out is as it was.
    bool scan(QByteArrayView input, qsizetype begin, std::string &out, Receipt &receipt);

private:
    static constexpr int MaxMembers = 48;

    struct Member
    {
        const char *key = nullptr; // inside the quotes
        qsizetype keySize = 0;
        const char *value = nullptr; // the value's text as written
        qsizetype valueSize = 0;
        bool string = false;
        bool escaped = false; // a string with escapes (canonical ones)
        bool integer = false;
        bool null = false;
    };

    std::array<Member, MaxMembers> m_members;
    std::array<int, MaxMembers> m_order{};
};

} // namespace aegis
