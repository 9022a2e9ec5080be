#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonValue>
#include <QString>

#include <optional>
#include <vector>

namespace aegis {

struct JsonMember;

// A JSON value that keeps what QJsonValue loses and receipt hashing needs:
// the exact text of every number (so 1.0 stays a float and a 30-digit
// integer stays exact), strings as the caller's UTF-8 bytes, and object
// members in input order.
//
// Objects never hold a key twice. Like Python's json.loads (the aegis-jcs-1
// reference), a repeated key keeps its first position and takes the last
// value: {"a":1,"b":2,"a":3} is {"a":3,"b":2}.
class JsonValue
{
public:
    enum class Type
    {
        Null,
        Bool,
        Number,
        String,
        Array,
        Object
    };

    JsonValue() = default;
    explicit JsonValue(bool value);
    explicit JsonValue(const QString &text);
    explicit JsonValue(const char *) = delete; // say QStringLiteral or fromUtf8

    static JsonValue null();
    static JsonValue fromUtf8(QByteArrayView utf8);
    static JsonValue fromInteger(qint64 value);
    // Shortest text that round-trips; a non-finite value gives null, which
    // is what toQJsonValue would make of it too.
    static JsonValue fromDouble(double value);
    // Takes a JSON number lexeme as written (RFC 8259 grammar); nullopt when
    // the text is not one.
    static std::optional<JsonValue> fromNumberText(QByteArrayView text);
    static JsonValue array();
    static JsonValue object();

    // Lossy both ways (QJsonValue has no lexemes and sorts keys by UTF-16);
    // for display and API convenience, never for hashing input.
    static JsonValue fromQJsonValue(const QJsonValue &value);
    QJsonValue toQJsonValue() const;

    Type type() const { return m_type; }
    bool isNull() const { return m_type == Type::Null; }
    bool isBool() const { return m_type == Type::Bool; }
    bool isNumber() const { return m_type == Type::Number; }
    bool isString() const { return m_type == Type::String; }
    bool isArray() const { return m_type == Type::Array; }
    bool isObject() const { return m_type == Type::Object; }
    // A number written without fraction and exponent.
    bool isInteger() const { return m_type == Type::Number && m_integer; }

    bool toBool(bool fallback = false) const;
    // The number's text exactly as given.
    QByteArray numberText() const { return m_type == Type::Number ? m_text : QByteArray(); }
    // Integers within 64 bits; nullopt for anything else.
    std::optional<qint64> toInt64() const;
    // Nearest double (infinite when out of range); 0 for non-numbers.
    double toDouble() const;
    QString toString() const;
    // The string's UTF-8 bytes; empty for non-strings.
    QByteArray stringUtf8() const { return m_type == Type::String ? m_text : QByteArray(); }

    // Arrays
    qsizetype size() const;
    const std::vector<JsonValue> &elements() const;
    const JsonValue &at(qsizetype index) const;
    void append(JsonValue value);

    // Objects
    const std::vector<JsonMember> &members() const;
    // Keys are UTF-8 (a QString key: key.toUtf8()).
    // nullptr when absent (or when this is not an object).
    const JsonValue *find(QByteArrayView key) const;
    bool contains(QByteArrayView key) const { return find(key) != nullptr; }
    // Null when absent.
    const JsonValue &value(QByteArrayView key) const;
    // Replaces the value of an existing key in place, else appends.
    void insert(QByteArrayView key, JsonValue value);
    bool remove(QByteArrayView key);

    // Structural equality; numbers compare by their text.
    bool operator==(const JsonValue &other) const;

private:
    friend class JsonParser;

    Type m_type = Type::Null;
    bool m_bool = false;
    bool m_integer = false;
    // Number lexeme or UTF-8 string.
    QByteArray m_text;
    std::vector<JsonValue> m_elements;
    std::vector<JsonMember> m_members;
};

struct JsonMember
{
    QByteArray key; // UTF-8
    JsonValue value;

    bool operator==(const JsonMember &other) const = default;
};

// Defined here, where JsonMember is complete (clang insists).
inline JsonValue JsonValue::null()
{
    return JsonValue();
}

} // namespace aegis
