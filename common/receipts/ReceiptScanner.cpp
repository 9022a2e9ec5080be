#include "common/receipts/ReceiptScanner.h"

#include "common/json/CanonicalString.h"
#include "common/json/Utf8.h"
#include "common/receipts/ReceiptHasher.h"

#include <cstring>

namespace aegis {

namespace {

enum class Role
{
    Body,
    EventId,     // hashed
    PrevHash,    // hashed
    ReceiptHash, // envelope from here on
    TenantId,
    Seq,
    CanonVersion,
    Signature,
    PublicKey,
    OtherEnvelope
};

bool same(const char *key, const char *name, size_t size)
{
    return std::memcmp(key, name, size) == 0;
}

// By length first: this runs for every member of every receipt. The
// envelope names are ReceiptHasher::envelopeFields(); roleTableMatches()
// checks that the two lists agree.
Role roleOf(const char *key, qsizetype size)
{
    switch (size) {
    case 3:
        return same(key, "seq", 3) ? Role::Seq : Role::Body;
    case 8:
        return same(key, "event_id", 8) ? Role::EventId : Role::Body;
    case 9:
        if (same(key, "tenant_id", 9))
            return Role::TenantId;
        return same(key, "signature", 9) ? Role::Signature : Role::Body;
    case 10:
        return same(key, "created_at", 10) ? Role::OtherEnvelope : Role::Body;
    case 11:
        return same(key, "decision_id", 11) ? Role::OtherEnvelope : Role::Body;
    case 12:
        return same(key, "receipt_hash", 12) ? Role::ReceiptHash : Role::Body;
    case 13:
        if (same(key, "canon_version", 13))
            return Role::CanonVersion;
        return same(key, "signer_key_id", 13) ? Role::OtherEnvelope : Role::Body;
    case 17:
        if (same(key, "prev_receipt_hash", 17))
            return Role::PrevHash;
        return same(key, "signer_public_key", 17) ? Role::PublicKey : Role::Body;
    default:
        return Role::Body;
    }
}

bool roleTableMatches()
{
    int envelope = 0;
    for (const QByteArray &name : ReceiptHasher::envelopeFields()) {
        if (roleOf(name.constData(), name.size()) < Role::ReceiptHash)
            return false;
        ++envelope;
    }
    return envelope == 9;
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

qsizetype skipWhitespace(const char *p, qsizetype i, qsizetype n)
{
    while (i < n && (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' || p[i] == '\t'))
        ++i;
    return i;
}

// The end of the string starting with the quote at p[i], or -1 when it is
// not a string the parser takes whose text is also its canonical text:
// raw control characters, invalid UTF-8 and escapes that aegis-jcs-1 would
// write otherwise (\/, \u00e9, \u000A, ...) all decline.
qsizetype scanString(const char *p, qsizetype i, qsizetype n, bool &escaped)
{
    ++i;
    for (;;) {
        i = skipPlainWords(p, i, n);
        if (i >= n)
            return -1;
        const auto c = static_cast<unsigned char>(p[i]);
        if (c == '"')
            return i + 1;
        if (c < 0x20)
            return -1;
        if (c >= 0x80) {
            const int length = Utf8::sequenceLength(QByteArrayView(p, n), i);
            if (length == 0)
                return -1;
            i += length;
            continue;
        }
        if (c != '\\') {
            ++i;
            continue;
        }
        escaped = true;
        if (n - i < 2)
            return -1;
        switch (p[i + 1]) {
        case '"':
        case '\\':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
            i += 2;
            continue;
        case 'u': {
            // Only \u0000-\u001f in lowercase, and not the five with a short form.
            if (n - i < 6 || p[i + 2] != '0' || p[i + 3] != '0' || (p[i + 4] != '0' && p[i + 4] != '1'))
                return -1;
            const char low = p[i + 5];
            int value = 0;
            if (isDigit(low))
                value = low - '0';
            else if (low >= 'a' && low <= 'f')
                value = low - 'a' + 10;
            else
                return -1;
            const int codePoint = (p[i + 4] - '0') * 16 + value;
            if (codePoint == '\b' || codePoint == '\t' || codePoint == '\n' || codePoint == '\f' || codePoint == '\r')
                return -1;
            i += 6;
            continue;
        }
        default:
            return -1;
        }
    }
}

// Code-point order is UTF-8 byte order, compared unsigned.
bool keyLess(const char *a, qsizetype aSize, const char *b, qsizetype bSize)
{
    const int c = std::memcmp(a, b, size_t(std::min(aSize, bSize)));
    return c != 0 ? c < 0 : aSize < bSize;
}

} // namespace

bool ReceiptScanner::scan(QByteArrayView input, qsizetype begin, std::string &out, Receipt &receipt)
{
    static const bool rolesAgree = roleTableMatches();
    if (!rolesAgree)
        qFatal("ReceiptScanner's envelope fields differ from ReceiptHasher's");

    const char *p = input.data();
    const qsizetype n = input.size();
    qsizetype i = begin;
    if (i >= n || p[i] != '{')
        return false;
    i = skipWhitespace(p, i + 1, n);
    if (i < n && p[i] == '}')
        return false; // not a receipt: the general path says so

    // Members as written.
    int count = 0;
    for (;;) {
        if (count == MaxMembers || i >= n || p[i] != '"')
            return false;
        Member &m = m_members[size_t(count)];
        bool keyEscaped = false;
        const qsizetype keyEnd = scanString(p, i, n, keyEscaped);
        if (keyEnd < 0 || keyEscaped)
            return false;
        m.key = p + i + 1;
        m.keySize = keyEnd - i - 2;
        i = skipWhitespace(p, keyEnd, n);
        if (i >= n || p[i] != ':')
            return false;
        i = skipWhitespace(p, i + 1, n);
        if (i >= n)
            return false;
        m.value = p + i;
        m.string = m.escaped = m.integer = m.null = false;
        const char c = p[i];
        if (c == '"') {
            i = scanString(p, i, n, m.escaped);
            if (i < 0)
                return false;
            m.string = true;
        } else if (isDigit(c)) {
            // Integers only (a float's canonical text is not its own), and
            // what follows is checked below; "01" declines there.
            ++i;
            if (c != '0') {
                while (i < n && isDigit(p[i]))
                    ++i;
            }
            m.integer = true;
        } else if (n - i >= 4 && std::memcmp(p + i, "null", 4) == 0) {
            i += 4;
            m.null = true;
        } else if (n - i >= 4 && std::memcmp(p + i, "true", 4) == 0) {
            i += 4;
        } else if (n - i >= 5 && std::memcmp(p + i, "false", 5) == 0) {
            i += 5;
        } else {
            return false;
        }
        m.valueSize = p + i - m.value;
        ++count;
        i = skipWhitespace(p, i, n);
        if (i >= n)
            return false;
        if (p[i] == '}') {
            ++i;
            break;
        }
        if (p[i] != ',')
            return false;
        i = skipWhitespace(p, i + 1, n);
    }

    // Key order. Strictly ascending (the gateway's own output) also means
    // no key twice; otherwise sort, and a repeated key declines (the parser
    // keeps its last value at its first place).
    bool ascending = true;
    for (int k = 0; k < count; ++k)
        m_order[size_t(k)] = k;
    for (int k = 1; k < count && ascending; ++k) {
        const Member &a = m_members[size_t(k - 1)];
        const Member &b = m_members[size_t(k)];
        ascending = keyLess(a.key, a.keySize, b.key, b.keySize);
    }
    if (!ascending) {
        for (int k = 1; k < count; ++k) {
            const int moving = m_order[size_t(k)];
            const Member &m = m_members[size_t(moving)];
            int j = k;
            for (; j > 0; --j) {
                const Member &before = m_members[size_t(m_order[size_t(j - 1)])];
                if (!keyLess(m.key, m.keySize, before.key, before.keySize))
                    break;
                m_order[size_t(j)] = m_order[size_t(j - 1)];
            }
            m_order[size_t(j)] = moving;
        }
        for (int k = 1; k < count; ++k) {
            const Member &a = m_members[size_t(m_order[size_t(k - 1)])];
            const Member &b = m_members[size_t(m_order[size_t(k)])];
            if (a.keySize == b.keySize && std::memcmp(a.key, b.key, size_t(a.keySize)) == 0)
                return false;
        }
    }

    const size_t start = out.size();
    const auto decline = [&out, start] {
        out.resize(start);
        return false;
    };
    receipt = Receipt();
    receipt.end = i;
    receipt.bodyBegin = qsizetype(start);
    const char *hash = nullptr;
    bool hasPrev = false;
    const Member *signature = nullptr;
    const Member *publicKey = nullptr;
    out.push_back('{');
    bool first = true;
    for (int k = 0; k < count; ++k) {
        const Member &m = m_members[size_t(m_order[size_t(k)])];
        const Role role = roleOf(m.key, m.keySize);
        switch (role) {
        case Role::ReceiptHash:
            if (!m.string || m.escaped || m.valueSize != 66)
                return decline();
            hash = m.value + 1;
            continue;
        case Role::TenantId:
            if (m.string && !m.escaped) {
                receipt.hasTenant = true;
                receipt.tenant = QByteArrayView(m.value + 1, m.valueSize - 2);
            } else if (!m.null) {
                return decline();
            }
            continue;
        case Role::Seq:
            // A positive integer within 64 bits, as ChainVerifier::add takes it.
            if (!m.integer || m.valueSize > 18 || m.value[0] == '0')
                return decline();
            receipt.hasSeq = true;
            for (qsizetype d = 0; d < m.valueSize; ++d)
                receipt.seq = receipt.seq * 10 + (m.value[d] - '0');
            continue;
        case Role::CanonVersion:
            if (m.valueSize != 13 || std::memcmp(m.value, "\"aegis-jcs-1\"", 13) != 0)
                return decline();
            continue;
        case Role::Signature:
            if (!m.null)
                signature = &m;
            continue;
        case Role::PublicKey:
            publicKey = &m;
            continue;
        case Role::OtherEnvelope:
            continue;
        case Role::Body:
        case Role::EventId:
        case Role::PrevHash:
            break;
        }
        if (!first)
            out.push_back(',');
        first = false;
        out.append(m.key - 1, size_t(m.keySize + 2));
        out.push_back(':');
        const qsizetype valueAt = qsizetype(out.size());
        out.append(m.value, size_t(m.valueSize));
        if (role == Role::PrevHash) {
            if (!m.string || m.escaped)
                return decline();
            hasPrev = true;
            receipt.prevAt = valueAt + 1;
            receipt.prevSize = m.valueSize - 2;
        } else if (role == Role::EventId && m.string) {
            if (m.escaped)
                return decline();
            receipt.eventIdAt = valueAt + 1;
            receipt.eventIdSize = m.valueSize - 2;
        }
    }
    out.push_back('}');
    if (!hash || !hasPrev)
        return decline();
    receipt.bodyEnd = qsizetype(out.size());
    receipt.hashAt = qsizetype(out.size());
    out.append(hash, 64);
    if (signature) {
        // Plain strings, or ChainVerifier::add words what they are.
        if (!signature->string || signature->escaped || !publicKey || !publicKey->string || publicKey->escaped)
            return decline();
        receipt.hasSignature = true;
        receipt.signatureAt = qsizetype(out.size());
        receipt.signatureSize = signature->valueSize - 2;
        out.append(signature->value + 1, size_t(receipt.signatureSize));
        receipt.publicKeyAt = qsizetype(out.size());
        receipt.publicKeySize = publicKey->valueSize - 2;
        out.append(publicKey->value + 1, size_t(receipt.publicKeySize));
    }
    return true;
}

} // namespace aegis
