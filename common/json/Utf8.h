#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace aegis::Utf8 {

// The length (2 to 4) of the well-formed multi-byte UTF-8 sequence starting
// at data[at] (RFC 3629: shortest form, no surrogates, at most U+10FFFF), or
// 0 when it is not one; *truncated tells a sequence cut off by the end.
int sequenceLength(QByteArrayView data, qsizetype at, bool *truncated = nullptr);

// Appends `codePoint` encoded as UTF-8 (surrogates included, as WTF-8 does:
// callers decide whether to refuse them).
void appendCodePoint(QByteArray &out, char32_t codePoint);

} // namespace aegis::Utf8
