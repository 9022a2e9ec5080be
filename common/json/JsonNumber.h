#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace aegis {

// The number rules of aegis-jcs-1 in one place: the RFC 8259 number grammar,
// correctly rounded decimal-to-double conversion, and Python's repr(float)
// and int printing, which the canonical text must match byte for byte.
class JsonNumber
{
public:
    enum class Kind
    {
        Integer, // no fraction, no exponent
        Float
    };

    struct Conversion
    {
        double value = 0.0;
        // The magnitude exceeds the largest double; value is +/-infinity.
        // Python reads such a number as inf and then refuses to dump it.
        bool overflow = false;
    };

    // nullopt unless text is exactly one JSON number.
    static std::optional<Kind> classify(QByteArrayView text);
    static bool isIntegerLexeme(QByteArrayView text) { return classify(text) == Kind::Integer; }

    // text must be a valid JSON number. Underflow gives (signed) zero, as
    // Python's float() does.
    static Conversion toDouble(QByteArrayView text);

    // Python's repr(float) of a finite double.
    static QByteArray pythonRepr(double value);
    // Python's str(int(text)) of an integer lexeme: only "-0" changes.
    static QByteArray canonicalInteger(QByteArrayView text);
};

} // namespace aegis
