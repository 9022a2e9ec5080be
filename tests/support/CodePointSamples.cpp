#include "tests/support/CodePointSamples.h"

namespace aegis::test {

const QList<char32_t> &CodePointSamples::all()
{
    static const QList<char32_t> samples = [] {
        QList<char32_t> list;
        for (char32_t c = 0x00; c <= 0x1F; ++c)
            list.append(c);
        list << U'"' << U'\\' << U'/';
        for (char32_t c = 0x7F; c <= 0x9F; ++c)
            list.append(c);
        list << 0xA0 << 0xFF << 0x100 << 0x7FF << 0x800 << 0xFFF << 0x1000 << 0xD7FF << 0xE000 << 0xF8FF
             << 0xFDCF;
        for (char32_t c = 0xFDD0; c <= 0xFDEF; ++c)
            list.append(c);
        list << 0xFDF0 << 0xFEFF << 0xFFFD;
        for (char32_t plane = 0; plane <= 0x10; ++plane)
            list << (plane << 16 | 0xFFFE) << (plane << 16 | 0xFFFF);
        list << 0x10000 << 0x1F600 << 0x1F9D1 << 0x200D << 0x1F4BB << 0x1F1E8 << 0x1F1ED << 0xE0001 << 0x10FFFD
             << 0x10FFFF;
        return list;
    }();
    return samples;
}

QString CodePointSamples::text(const QList<char32_t> &codePoints)
{
    QString out;
    for (const char32_t c : codePoints)
        out += QString::fromUcs4(&c, 1);
    return out;
}

QList<QString> CodePointSamples::pieces(qsizetype maxUtf16)
{
    QList<QString> out;
    QString piece;
    for (const char32_t c : all()) {
        const QString one = QString::fromUcs4(&c, 1);
        if (piece.size() + one.size() > maxUtf16) {
            out.append(piece);
            piece.clear();
        }
        piece += one;
    }
    if (!piece.isEmpty())
        out.append(piece);
    return out;
}

QByteArray CodePointSamples::escapedJsonString(const QString &text)
{
    QByteArray out = "\"";
    for (const QChar c : text) {
        const ushort u = c.unicode();
        if (u >= 0x20 && u < 0x7F && u != '"' && u != '\\')
            out.append(char(u));
        else
            out.append("\\u" + QByteArray::number(u, 16).rightJustified(4, '0'));
    }
    return out + "\"";
}

} // namespace aegis::test
