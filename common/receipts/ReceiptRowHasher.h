#pragma once

#include <QByteArrayView>

#include <array>
#include <memory>
#include <string>
#include <vector>

struct evp_md_ctx_st;
struct evp_md_st;

namespace aegis {

// receipt_hash of a stored receipt, from its fourteen column values as
// bytes (ReceiptBody::fieldNames order), without building a JsonValue: the
// canonical text is written straight into a buffer that is reused, and
// hashed with one reused OpenSSL context. The bytes are those CanonicalJson
// writes for the same body (same string writer, same key order), which
// tests/unit/receipts assert value by value.
//
// One per thread: it keeps state between calls.
class ReceiptRowHasher
{
public:
    static constexpr int FieldCount = 14;

    // A column value: text as stored, or SQL NULL (null data pointer).
    struct Field
    {
        const char *data = nullptr;
        qsizetype size = 0;
        bool isNull() const { return data == nullptr; }
    };
    using Fields = std::array<Field, FieldCount>;

    ReceiptRowHasher();
    ~ReceiptRowHasher();
    ReceiptRowHasher(const ReceiptRowHasher &) = delete;
    ReceiptRowHasher &operator=(const ReceiptRowHasher &) = delete;

    // Writes the canonical body; false when a text is not valid UTF-8 (the
    // general path then says why, in its own words).
    bool canonicalize(const Fields &fields);
    // The body's canonical bytes after a successful canonicalize().
    QByteArrayView canonical() const { return QByteArrayView(m_buffer.data(), qsizetype(m_buffer.size())); }
    // canonicalize() and the lowercase hex SHA-256 of the result.
    bool hash(const Fields &fields, std::array<char, 64> &hex);

    // SHA-256 in lowercase hex, with this object's context.
    void sha256Hex(QByteArrayView bytes, std::array<char, 64> &hex);

private:
    struct ContextDeleter
    {
        void operator()(evp_md_ctx_st *context) const;
    };
    struct DigestDeleter
    {
        void operator()(evp_md_st *digest) const;
    };

    // Fetched once: an implicit fetch per hash costs a provider look-up.
    std::unique_ptr<evp_md_st, DigestDeleter> m_sha256;
    std::unique_ptr<evp_md_ctx_st, ContextDeleter> m_context;
    std::string m_buffer;
    // Field indexes in key order, and each key written as canonical JSON
    // with its colon (and the comma before it but for the first).
    std::vector<int> m_order;
    std::vector<std::string> m_prefixes;
};

} // namespace aegis
