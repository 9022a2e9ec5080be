#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace aegis::test {

// Unicode scalar values from every class that a conversion could alter:
// ASCII controls (U+0000 included), DEL and the C1 controls, the edges of
// each UTF-8 length and of the surrogate gap, the private use area, the
// noncharacters U+FDD0..U+FDEF and U+xxFFFE/U+xxFFFF of all 17 planes
// (SQLite's UTF-8 to UTF-16 conversion turns U+FFFE and U+FFFF into U+FFFD),
// U+10FFFF and astral emoji.
class CodePointSamples
{
public:
    static const QList<char32_t> &all();
    // all() cut into pieces of at most `maxUtf16` UTF-16 units each, so that
    // every piece fits a length-limited text field.
    static QList<QString> pieces(qsizetype maxUtf16);
    static QString text(const QList<char32_t> &codePoints);
    // A JSON string literal of `text` with every non-ASCII character and
    // every control written as a \uXXXX escape (surrogate pairs beyond the
    // BMP), the form a client in another language may well send.
    static QByteArray escapedJsonString(const QString &text);
};

} // namespace aegis::test
