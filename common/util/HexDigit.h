#pragma once

namespace aegis {

// The value of one hexadecimal digit (either case), or -1: for parsers that
// read hex in place (chunk sizes, signatures) without a QByteArray copy.
constexpr int hexDigitValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace aegis
