#include "common/json/JsonParser.h"

#include "common/json/Utf8.h"

#include "common/json/JsonNumber.h"

#include <QHash>

#include <utility>

namespace aegis {

namespace {

// Objects with more members than this get a hash index while parsing, so
// that a hostile object with a million keys is not quadratic.
constexpr size_t LinearMemberLimit = 16;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

QString describeByte(char c)
{
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x21 && byte < 0x7F)
        return QStringLiteral("'") + QChar(QLatin1Char(c)) + QStringLiteral("'");
    return QStringLiteral("byte 0x") + QString::number(byte, 16).rightJustified(2, QLatin1Char('0'));
}

} // namespace

JsonParser::JsonParser(int maxDepth)
    : m_maxDepth(maxDepth)
{
}

std::optional<JsonValue> JsonParser::parseDocument(QByteArrayView utf8, QString *error)
{
    JsonParser parser;
    auto value = parser.parse(utf8);
    if (!value && error)
        *error = parser.errorString();
    return value;
}

std::optional<JsonValue> JsonParser::parse(QByteArrayView utf8)
{
    m_data = utf8;
    m_pos = 0;
    m_error.clear();
    m_errorOffset = -1;

    if (m_data.startsWith("\xEF\xBB\xBF")) {
        if (!m_allowBom) {
            fail(QStringLiteral("byte order mark before the JSON text"), 0);
            return std::nullopt;
        }
        m_pos = 3;
    }
    JsonValue value;
    skipWhitespace();
    m_sinkNext = m_sink != nullptr;
    m_sinkContainer = nullptr;
    if (!parseValue(value, 0))
        return std::nullopt;
    skipWhitespace();
    if (m_pos != m_data.size()) {
        fail(QStringLiteral("unexpected data after the JSON value (") + describeByte(m_data[m_pos])
                + QLatin1Char(')'),
            m_pos);
        return std::nullopt;
    }
    return value;
}

bool JsonParser::fail(const QString &what, qsizetype offset)
{
    if (m_errorOffset < 0) {
        m_errorOffset = offset;
        m_error = what + QStringLiteral(" at byte ") + QString::number(offset);
    }
    return false;
}

bool JsonParser::failUnexpected()
{
    if (m_pos >= m_data.size())
        return fail(QStringLiteral("unexpected end of input"), m_pos);
    return fail(QStringLiteral("unexpected character ") + describeByte(m_data[m_pos]), m_pos);
}

void JsonParser::skipWhitespace()
{
    while (m_pos < m_data.size()) {
        const char c = m_data[m_pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return;
        ++m_pos;
    }
}

bool JsonParser::parseValue(JsonValue &out, int depth)
{
    const bool streamed = std::exchange(m_sinkNext, false);
    if (m_pos >= m_data.size())
        return failUnexpected();
    switch (m_data[m_pos]) {
    case '{':
        if (depth >= m_maxDepth)
            return fail(QStringLiteral("nesting deeper than %1 levels").arg(m_maxDepth), m_pos);
        return parseObject(out, depth + 1);
    case '[':
        if (depth >= m_maxDepth)
            return fail(QStringLiteral("nesting deeper than %1 levels").arg(m_maxDepth), m_pos);
        return parseArray(out, depth + 1, streamed);
    case '"':
        out.m_type = JsonValue::Type::String;
        return parseString(out.m_text);
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9':
        return parseNumber(out);
    default:
        return parseLiteral(out);
    }
}

bool JsonParser::parseLiteral(JsonValue &out)
{
    const QByteArrayView rest = m_data.sliced(m_pos);
    if (rest.startsWith("true")) {
        out = JsonValue(true);
        m_pos += 4;
        return true;
    }
    if (rest.startsWith("false")) {
        out = JsonValue(false);
        m_pos += 5;
        return true;
    }
    if (rest.startsWith("null")) {
        out = JsonValue();
        m_pos += 4;
        return true;
    }
    if (rest.startsWith("NaN") || rest.startsWith("Infinity"))
        return fail(QStringLiteral("NaN and Infinity are not JSON"), m_pos);
    return failUnexpected();
}

bool JsonParser::parseNumber(JsonValue &out)
{
    const qsizetype start = m_pos;
    bool integer = true;
    if (m_data[m_pos] == '-') {
        ++m_pos;
        if (m_data.sliced(m_pos).startsWith("Infinity"))
            return fail(QStringLiteral("NaN and Infinity are not JSON"), start);
    }
    if (m_pos >= m_data.size() || !isDigit(m_data[m_pos]))
        return fail(QStringLiteral("a digit must follow '-'"), m_pos);
    if (m_data[m_pos] == '0') {
        ++m_pos;
        if (m_pos < m_data.size() && isDigit(m_data[m_pos]))
            return fail(QStringLiteral("leading zero in a number"), start);
    } else {
        while (m_pos < m_data.size() && isDigit(m_data[m_pos]))
            ++m_pos;
    }
    if (m_pos < m_data.size() && m_data[m_pos] == '.') {
        ++m_pos;
        if (m_pos >= m_data.size() || !isDigit(m_data[m_pos]))
            return fail(QStringLiteral("a digit must follow the decimal point"), m_pos);
        while (m_pos < m_data.size() && isDigit(m_data[m_pos]))
            ++m_pos;
        integer = false;
    }
    if (m_pos < m_data.size() && (m_data[m_pos] == 'e' || m_data[m_pos] == 'E')) {
        ++m_pos;
        if (m_pos < m_data.size() && (m_data[m_pos] == '+' || m_data[m_pos] == '-'))
            ++m_pos;
        if (m_pos >= m_data.size() || !isDigit(m_data[m_pos]))
            return fail(QStringLiteral("a digit must follow the exponent"), m_pos);
        while (m_pos < m_data.size() && isDigit(m_data[m_pos]))
            ++m_pos;
        integer = false;
    }
    out = JsonValue();
    out.m_type = JsonValue::Type::Number;
    out.m_integer = integer;
    out.m_text = m_data.sliced(start, m_pos - start).toByteArray();
    return true;
}

bool JsonParser::parseHex4(char32_t &out)
{
    if (m_data.size() - m_pos < 4)
        return fail(QStringLiteral("\\u needs four hex digits"), m_pos);
    char32_t value = 0;
    for (int i = 0; i < 4; ++i) {
        const char c = m_data[m_pos + i];
        value <<= 4;
        if (c >= '0' && c <= '9')
            value |= char32_t(c - '0');
        else if (c >= 'a' && c <= 'f')
            value |= char32_t(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            value |= char32_t(c - 'A' + 10);
        else
            return fail(QStringLiteral("\\u needs four hex digits"), m_pos + i);
    }
    m_pos += 4;
    out = value;
    return true;
}

// Copies one multi-byte UTF-8 sequence after checking it is well formed
// (RFC 3629: shortest form, no surrogates, at most U+10FFFF).
bool JsonParser::appendUtf8Sequence(QByteArray &out)
{
    bool truncated = false;
    const int length = Utf8::sequenceLength(m_data, m_pos, &truncated);
    if (length == 0)
        return fail(truncated ? QStringLiteral("invalid UTF-8 (truncated sequence)") : QStringLiteral("invalid UTF-8"),
                    m_pos);
    out.append(m_data.sliced(m_pos, length));
    m_pos += length;
    return true;
}

bool JsonParser::parseString(QByteArray &out)
{
    ++m_pos; // opening quote
    out.clear();
    while (true) {
        // Bulk-copy the run of plain ASCII.
        const qsizetype runStart = m_pos;
        while (m_pos < m_data.size()) {
            const auto c = static_cast<unsigned char>(m_data[m_pos]);
            if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80)
                break;
            ++m_pos;
        }
        if (m_pos > runStart)
            out.append(m_data.sliced(runStart, m_pos - runStart));
        if (m_pos >= m_data.size())
            return fail(QStringLiteral("unterminated string"), m_pos);
        const auto c = static_cast<unsigned char>(m_data[m_pos]);
        if (c == '"') {
            ++m_pos;
            return true;
        }
        if (c < 0x20)
            return fail(QStringLiteral("control character 0x%1 in a string must be escaped")
                            .arg(QString::number(c, 16).rightJustified(2, QLatin1Char('0'))),
                m_pos);
        if (c >= 0x80) {
            if (!appendUtf8Sequence(out))
                return false;
            continue;
        }
        // Backslash escape.
        const qsizetype escapeStart = m_pos;
        ++m_pos;
        if (m_pos >= m_data.size())
            return fail(QStringLiteral("unterminated string"), m_pos);
        const char e = m_data[m_pos++];
        switch (e) {
        case '"':
            out.append('"');
            break;
        case '\\':
            out.append('\\');
            break;
        case '/':
            out.append('/');
            break;
        case 'b':
            out.append('\b');
            break;
        case 'f':
            out.append('\f');
            break;
        case 'n':
            out.append('\n');
            break;
        case 'r':
            out.append('\r');
            break;
        case 't':
            out.append('\t');
            break;
        case 'u': {
            char32_t cp = 0;
            if (!parseHex4(cp))
                return false;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return fail(QStringLiteral("lone low surrogate in \\u escape"), escapeStart);
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (m_data.size() - m_pos < 6 || m_data[m_pos] != '\\' || m_data[m_pos + 1] != 'u')
                    return fail(QStringLiteral("lone high surrogate in \\u escape"), escapeStart);
                m_pos += 2;
                char32_t low = 0;
                if (!parseHex4(low))
                    return false;
                if (low < 0xDC00 || low > 0xDFFF)
                    return fail(QStringLiteral("lone high surrogate in \\u escape"), escapeStart);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            Utf8::appendCodePoint(out, cp);
            break;
        }
        default:
            return fail(QStringLiteral("invalid escape \\") + describeByte(e), escapeStart);
        }
    }
}

bool JsonParser::parseArray(JsonValue &out, int depth, bool streamed)
{
    ++m_pos; // [
    out = JsonValue::array();
    if (streamed)
        m_sink->arrayStarted(m_sinkContainer ? *m_sinkContainer : JsonValue());
    skipWhitespace();
    if (m_pos < m_data.size() && m_data[m_pos] == ']') {
        ++m_pos;
        return true;
    }
    while (true) {
        skipWhitespace();
        if (m_pos < m_data.size() && m_data[m_pos] == ']')
            return fail(QStringLiteral("trailing comma in an array"), m_pos);
        JsonValue element;
        const qsizetype begin = m_pos;
        const qsizetype claimed = streamed ? m_sink->claim(m_data, begin) : -1;
        if (claimed > begin) {
            m_pos = claimed;
        } else {
            if (!parseValue(element, depth))
                return false;
            if (!streamed)
                out.m_elements.push_back(std::move(element));
            else if (!m_sink->element(std::move(element), begin, m_pos))
                return fail(QStringLiteral("stopped"), m_pos);
        }
        skipWhitespace();
        if (m_pos >= m_data.size())
            return fail(QStringLiteral("unterminated array"), m_pos);
        if (m_data[m_pos] == ',') {
            ++m_pos;
            continue;
        }
        if (m_data[m_pos] == ']') {
            ++m_pos;
            return true;
        }
        return fail(QStringLiteral("expected ',' or ']' in an array, found ") + describeByte(m_data[m_pos]), m_pos);
    }
}

bool JsonParser::parseObject(JsonValue &out, int depth)
{
    ++m_pos; // {
    out = JsonValue::object();
    QHash<QByteArray, size_t> index;
    skipWhitespace();
    if (m_pos < m_data.size() && m_data[m_pos] == '}') {
        ++m_pos;
        return true;
    }
    while (true) {
        skipWhitespace();
        if (m_pos >= m_data.size())
            return fail(QStringLiteral("unterminated object"), m_pos);
        if (m_data[m_pos] == '}')
            return fail(QStringLiteral("trailing comma in an object"), m_pos);
        if (m_data[m_pos] != '"')
            return fail(QStringLiteral("expected a string key in an object, found ") + describeByte(m_data[m_pos]),
                m_pos);
        QByteArray key;
        if (!parseString(key))
            return false;
        skipWhitespace();
        if (m_pos >= m_data.size() || m_data[m_pos] != ':')
            return m_pos >= m_data.size() ? fail(QStringLiteral("unterminated object"), m_pos)
                                          : fail(QStringLiteral("expected ':' after an object key, found ")
                                                      + describeByte(m_data[m_pos]),
                                                m_pos);
        ++m_pos;
        skipWhitespace();
        JsonValue value;
        if (m_sink && depth == 1 && key == m_sinkKey) {
            m_sinkNext = true;
            m_sinkContainer = &out;
        }
        if (!parseValue(value, depth))
            return false;

        // Duplicate key: last value wins at the first position (json.loads).
        std::vector<JsonMember> &members = out.m_members;
        size_t existing = members.size();
        if (members.size() <= LinearMemberLimit) {
            for (size_t i = 0; i < members.size(); ++i) {
                if (members[i].key == key) {
                    existing = i;
                    break;
                }
            }
        } else {
            if (index.isEmpty()) {
                for (size_t i = 0; i < members.size(); ++i)
                    index.insert(members[i].key, i);
            }
            existing = index.value(key, members.size());
        }
        if (existing < members.size()) {
            members[existing].value = std::move(value);
        } else {
            if (!index.isEmpty())
                index.insert(key, members.size());
            members.push_back(JsonMember{std::move(key), std::move(value)});
        }

        skipWhitespace();
        if (m_pos >= m_data.size())
            return fail(QStringLiteral("unterminated object"), m_pos);
        if (m_data[m_pos] == ',') {
            ++m_pos;
            continue;
        }
        if (m_data[m_pos] == '}') {
            ++m_pos;
            return true;
        }
        return fail(QStringLiteral("expected ',' or '}' in an object, found ") + describeByte(m_data[m_pos]), m_pos);
    }
}

} // namespace aegis
