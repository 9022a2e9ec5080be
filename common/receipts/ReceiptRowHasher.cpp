#include "common/receipts/ReceiptRowHasher.h"

#include "common/json/CanonicalString.h"
#include "common/receipts/ReceiptBody.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>

namespace aegis {

void ReceiptRowHasher::ContextDeleter::operator()(evp_md_ctx_st *context) const
{
    EVP_MD_CTX_free(context);
}

void ReceiptRowHasher::DigestDeleter::operator()(evp_md_st *digest) const
{
    EVP_MD_free(digest);
}

ReceiptRowHasher::ReceiptRowHasher()
    : m_sha256(EVP_MD_fetch(nullptr, "SHA256", nullptr))
    , m_context(EVP_MD_CTX_new())
{
    if (!m_sha256 || !m_context)
        qFatal("OpenSSL could not provide SHA-256");
    const QByteArrayList &names = ReceiptBody::fieldNames();
    Q_ASSERT(names.size() == FieldCount);
    for (int i = 0; i < FieldCount; ++i)
        m_order.push_back(i);
    // Code-point order is UTF-8 byte order, compared unsigned, as
    // CanonicalJson sorts keys.
    std::sort(m_order.begin(), m_order.end(), [&names](int a, int b) {
        const QByteArray &x = names[a];
        const QByteArray &y = names[b];
        const int c = std::memcmp(x.constData(), y.constData(), size_t(std::min(x.size(), y.size())));
        return c != 0 ? c < 0 : x.size() < y.size();
    });
    for (size_t k = 0; k < m_order.size(); ++k) {
        std::string prefix = k == 0 ? "{" : ",";
        const QByteArray &name = names[m_order[k]];
        appendCanonicalString(prefix, name.constData(), name.size());
        prefix.push_back(':');
        m_prefixes.push_back(std::move(prefix));
    }
    m_buffer.reserve(1024);
}

ReceiptRowHasher::~ReceiptRowHasher() = default;

bool ReceiptRowHasher::canonicalize(const Fields &fields)
{
    m_buffer.clear(); // keeps its capacity
    for (size_t k = 0; k < m_order.size(); ++k) {
        m_buffer.append(m_prefixes[k]);
        const Field &field = fields[size_t(m_order[k])];
        if (field.isNull())
            m_buffer.append("null", 4);
        else if (!appendCanonicalString(m_buffer, field.data, field.size))
            return false;
    }
    m_buffer.push_back('}');
    return true;
}

void ReceiptRowHasher::sha256Hex(QByteArrayView bytes, std::array<char, 64> &hex)
{
    static constexpr char digits[] = "0123456789abcdef";
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    // Init with the same type reuses the context's allocations.
    if (EVP_DigestInit_ex2(m_context.get(), m_sha256.get(), nullptr) != 1
        || EVP_DigestUpdate(m_context.get(), bytes.data(), size_t(bytes.size())) != 1
        || EVP_DigestFinal_ex(m_context.get(), digest, &length) != 1 || length != 32)
        qFatal("OpenSSL could not compute SHA-256");
    for (unsigned int i = 0; i < 32; ++i) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 0xF];
    }
}

bool ReceiptRowHasher::hash(const Fields &fields, std::array<char, 64> &hex)
{
    if (!canonicalize(fields))
        return false;
    sha256Hex(canonical(), hex);
    return true;
}

} // namespace aegis
