#pragma once

#include "common/json/Utf8.h"

#include <QByteArrayView>
#include <QtGlobal>

#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace aegis {

// The first byte at or after from (and within size) that a JSON string
// cannot carry as it is: >= 0x80, < 0x20, '"' or '\\' -- or a position
// before it: bytes before the result need no look; bytes from it on are for
// the caller to walk one by one. Sixteen bytes at a time with SSE2 (part of
// every x86-64), then eight (SWAR: such a byte sets its top bit); strings
// in receipts are mostly hashes and ids, so this loop is most of reading
// them (docs/design/verifier.md).
inline qsizetype skipPlainWords(const char *data, qsizetype from, qsizetype size)
{
#if defined(__SSE2__)
    const __m128i space = _mm_set1_epi8(0x20);
    const __m128i quoteBytes = _mm_set1_epi8('"');
    const __m128i backslashBytes = _mm_set1_epi8('\\');
    while (size - from >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + from));
        // Signed: bytes >= 0x80 are negative, so "< 0x20" takes them too.
        const __m128i special = _mm_or_si128(_mm_cmplt_epi8(v, space),
            _mm_or_si128(_mm_cmpeq_epi8(v, quoteBytes), _mm_cmpeq_epi8(v, backslashBytes)));
        if (const int mask = _mm_movemask_epi8(special))
            return from + __builtin_ctz(unsigned(mask));
        from += 16;
    }
#endif
    while (size - from >= 8) {
        quint64 x;
        std::memcpy(&x, data + from, 8);
        constexpr quint64 ones = 0x0101010101010101ULL;
        constexpr quint64 highs = 0x8080808080808080ULL;
        const quint64 quote = x ^ (ones * '"');
        const quint64 backslash = x ^ (ones * '\\');
        const quint64 special = x | ((x - ones * 0x20) & ~x) | ((quote - ones) & ~quote)
            | ((backslash - ones) & ~backslash);
        if (special & highs)
            break;
        from += 8;
    }
    return from;
}

// Appends a UTF-8 string as aegis-jcs-1 writes it (RECEIPTS.md, "Canonical
// JSON": raw UTF-8, only the quote, the backslash and C0 controls escaped).
// The one implementation behind CanonicalJson and the database verifier's
// row hasher, so that both give the same bytes for every string by
// construction. Out needs append(const char *, size) and push_back(char)
// (std::string, QByteArray). false when the bytes are not valid UTF-8 (or
// hold a surrogate): such a string has no canonical form.
template <typename Out>
bool appendCanonicalString(Out &out, const char *data, qsizetype size)
{
    static constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    qsizetype i = 0;
    while (i < size) {
        // Runs of bytes written as they are go out in one append: this is
        // the hot path of every receipt hash. Eight bytes are tested at once
        // (SWAR: any byte >= 0x80, < 0x20, '"' or '\\' sets its top bit);
        // a word with one of them is then walked byte by byte.
        qsizetype run = skipPlainWords(data, i, size);
        while (run < size) {
            const auto b = static_cast<unsigned char>(data[run]);
            if (b < 0x20 || b >= 0x80 || b == '"' || b == '\\')
                break;
            ++run;
        }
        if (run > i) {
            out.append(data + i, run - i);
            i = run;
            continue;
        }
        const auto c = static_cast<unsigned char>(data[i]);
        if (c >= 0x80) {
            const int length = Utf8::sequenceLength(QByteArrayView(data, size), i);
            if (length == 0)
                return false;
            out.append(data + i, length);
            i += length;
            continue;
        }
        switch (c) {
        case '"':
            out.append("\\\"", 2);
            break;
        case '\\':
            out.append("\\\\", 2);
            break;
        case '\b':
            out.append("\\b", 2);
            break;
        case '\t':
            out.append("\\t", 2);
            break;
        case '\n':
            out.append("\\n", 2);
            break;
        case '\f':
            out.append("\\f", 2);
            break;
        case '\r':
            out.append("\\r", 2);
            break;
        default: {
            const char escaped[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 0xF]};
            out.append(escaped, sizeof escaped);
        }
        }
        ++i;
    }
    out.push_back('"');
    return true;
}

} // namespace aegis
