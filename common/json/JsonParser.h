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

    // Streaming: hands the elements of one array to a sink as they are
    // parsed instead of keeping them, so that a file of a million receipts
    // is never a million JsonValues at once. The array streamed is the
    // top-level array, or the value of sinkKey in the top-level object;
    // the result then holds it empty. Everything else (the grammar, the
    // errors and their offsets) is as without a sink.
    class ElementSink
    {
    public:
        virtual ~ElementSink() = default;
        // A streamed array begins. container is the top-level object as
        // read so far (its members before this one), or null for a
        // top-level array. A key given twice streams twice; as with any
        // repeated key, the last one is the value.
        virtual void arrayStarted(const JsonValue &container) = 0;
        // One element; [begin, end) is its text. false stops the parse,
        // which then fails with "stopped".
        virtual bool element(JsonValue &&value, qsizetype begin, qsizetype end) = 0;
        // Offered each element's text before it is parsed: a sink that reads
        // an element itself (faster than a JsonValue) returns the offset just
        // after it, and the parser goes on from there. It must take only a
        // complete value that this parser would accept as it is: the parser
        // does not look at it again. -1 (the default): parse it, then
        // element().
        virtual qsizetype claim(QByteArrayView data, qsizetype begin)
        {
            Q_UNUSED(data);
            Q_UNUSED(begin);
            return -1;
        }
    };
    void setElementSink(ElementSink *sink, QByteArrayView sinkKey)
    {
        m_sink = sink;
        m_sinkKey = sinkKey.toByteArray();
    }

    std::optional<JsonValue> parse(QByteArrayView utf8);
    // "<what> at byte <offset>", empty after a successful parse.
    QString errorString() const { return m_error; }
    qsizetype errorOffset() const { return m_errorOffset; }

    static std::optional<JsonValue> parseDocument(QByteArrayView utf8, QString *error = nullptr);

private:
    bool parseValue(JsonValue &out, int depth);
    bool parseObject(JsonValue &out, int depth);
    bool parseArray(JsonValue &out, int depth, bool streamed);
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
    ElementSink *m_sink = nullptr;
    QByteArray m_sinkKey;
    // The value about to be parsed is the streamed array (when it is one).
    bool m_sinkNext = false;
    const JsonValue *m_sinkContainer = nullptr;
};

} // namespace aegis
