#pragma once

#include "common/json/JsonValue.h"

#include <QByteArrayView>
#include <QString>

#include <optional>

namespace aegis {

// Strict RFC 8259 parser from UTF-8 bytes to JsonValue. What it refuses,
// and why:
// - invalid UTF-8 (overlong forms, surrogate code points, beyond U+10FFFF)
//   and \u escapes that leave a lone surrogate: such a string has no UTF-8
//   form, so the Python reference could not hash it either;
// - leading zeros, "1.", ".5", "+1", NaN and Infinity, trailing commas,
//   raw control characters in strings, anything after the value;
// - nesting deeper than maxDepth (a stack guard, not a grammar rule).
// Errors name the byte offset where parsing stopped.
class JsonParser
{
public:
    static constexpr int DefaultMaxDepth = 512;

    explicit JsonParser(int maxDepth = DefaultMaxDepth);

    // RFC 8259 lets a parser ignore a leading UTF-8 byte order mark; off by
    // default (the API refuses it), on for files an operator hands us.
    void setAllowByteOrderMark(bool allow) { m_allowBom = allow; }

    std::optional<JsonValue> parse(QByteArrayView utf8);
    // "<what> at byte <offset>", empty after a successful parse.
    QString errorString() const { return m_error; }
    qsizetype errorOffset() const { return m_errorOffset; }

    static std::optional<JsonValue> parseDocument(QByteArrayView utf8, QString *error = nullptr);

private:
    bool parseValue(JsonValue &out, int depth);
    bool parseObject(JsonValue &out, int depth);
    bool parseArray(JsonValue &out, int depth);
    bool parseString(QByteArray &out);
    bool parseNumber(JsonValue &out);
    bool parseLiteral(JsonValue &out);
    bool parseHex4(char32_t &out);
    bool appendUtf8Sequence(QByteArray &out);
    void skipWhitespace();
    bool fail(const QString &what, qsizetype offset);
    bool failUnexpected();

    int m_maxDepth;
    bool m_allowBom = false;
    QByteArrayView m_data;
    qsizetype m_pos = 0;
    QString m_error;
    qsizetype m_errorOffset = -1;
};

} // namespace aegis
