#include "common/json/JsonNumber.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace aegis {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Decimal exponent of the leading non-zero digit, saturated; only used to
// tell overflow from underflow when from_chars reports out of range.
qint64 leadingExponent(QByteArrayView text)
{
    qsizetype i = 0;
    if (i < text.size() && text[i] == '-')
        ++i;
    const qsizetype intStart = i;
    while (i < text.size() && isDigit(text[i]))
        ++i;
    const qsizetype intDigits = i - intStart;
    qint64 lead = 0;
    bool found = false;
    if (intDigits > 0 && text[intStart] != '0') {
        lead = intDigits - 1;
        found = true;
    }
    if (i < text.size() && text[i] == '.') {
        ++i;
        qsizetype k = 0;
        while (i < text.size() && isDigit(text[i])) {
            if (!found && text[i] != '0') {
                lead = -(k + 1);
                found = true;
            }
            ++i;
            ++k;
        }
    }
    qint64 exponent = 0;
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        bool negative = false;
        if (i < text.size() && (text[i] == '+' || text[i] == '-'))
            negative = text[i++] == '-';
        while (i < text.size() && isDigit(text[i])) {
            if (exponent < 1000000000)
                exponent = exponent * 10 + (text[i] - '0');
            ++i;
        }
        if (negative)
            exponent = -exponent;
    }
    return lead + exponent;
}

} // namespace

std::optional<JsonNumber::Kind> JsonNumber::classify(QByteArrayView text)
{
    qsizetype i = 0;
    const qsizetype n = text.size();
    if (i < n && text[i] == '-')
        ++i;
    if (i >= n || !isDigit(text[i]))
        return std::nullopt;
    if (text[i] == '0') {
        ++i;
    } else {
        while (i < n && isDigit(text[i]))
            ++i;
    }
    Kind kind = Kind::Integer;
    if (i < n && text[i] == '.') {
        ++i;
        if (i >= n || !isDigit(text[i]))
            return std::nullopt;
        while (i < n && isDigit(text[i]))
            ++i;
        kind = Kind::Float;
    }
    if (i < n && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        if (i < n && (text[i] == '+' || text[i] == '-'))
            ++i;
        if (i >= n || !isDigit(text[i]))
            return std::nullopt;
        while (i < n && isDigit(text[i]))
            ++i;
        kind = Kind::Float;
    }
    if (i != n)
        return std::nullopt;
    return kind;
}

JsonNumber::Conversion JsonNumber::toDouble(QByteArrayView text)
{
    Conversion out;
    const char *begin = text.data();
    const char *end = begin + text.size();
    double value = 0.0;
    const auto result = std::from_chars(begin, end, value);
    if (result.ec == std::errc()) {
        out.value = value;
        return out;
    }
    const bool negative = !text.isEmpty() && text[0] == '-';
    if (result.ec == std::errc::result_out_of_range && leadingExponent(text) < 0) {
        out.value = negative ? -0.0 : 0.0;
        return out;
    }
    out.overflow = true;
    out.value = negative ? -HUGE_VAL : HUGE_VAL;
    return out;
}

QByteArray JsonNumber::pythonRepr(double value)
{
    // to_chars in scientific form with no precision gives the shortest
    // digits that round-trip, the same digits as Python's repr; only the
    // layout differs, and that is done here.
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::scientific);
    const QByteArrayView sci(buffer, result.ptr - buffer);

    QByteArray out;
    qsizetype i = 0;
    if (sci[0] == '-') {
        out += '-';
        ++i;
    }
    QByteArray digits;
    while (i < sci.size() && sci[i] != 'e') {
        if (sci[i] != '.')
            digits += sci[i];
        ++i;
    }
    const int exponent = std::atoi(sci.sliced(i + 1).toByteArray().constData());
    const qsizetype count = digits.size();

    if (exponent >= -4 && exponent < 16) {
        if (exponent >= 0) {
            if (count <= exponent + 1) {
                out += digits;
                out += QByteArray(exponent + 1 - count, '0');
                out += ".0";
            } else {
                out += digits.left(exponent + 1);
                out += '.';
                out += digits.mid(exponent + 1);
            }
        } else {
            out += "0.";
            out += QByteArray(-exponent - 1, '0');
            out += digits;
        }
        return out;
    }

    out += digits[0];
    if (count > 1) {
        out += '.';
        out += digits.mid(1);
    }
    out += 'e';
    out += exponent < 0 ? '-' : '+';
    const int magnitude = exponent < 0 ? -exponent : exponent;
    if (magnitude < 10)
        out += '0';
    out += QByteArray::number(magnitude);
    return out;
}

QByteArray JsonNumber::canonicalInteger(QByteArrayView text)
{
    if (text.size() > 1 && text[0] == '-') {
        bool allZero = true;
        for (qsizetype i = 1; i < text.size(); ++i) {
            if (text[i] != '0') {
                allZero = false;
                break;
            }
        }
        if (allZero)
            return QByteArray("0");
    }
    return text.toByteArray();
}

} // namespace aegis
