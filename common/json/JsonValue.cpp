#include "common/json/JsonValue.h"

#include "common/json/Utf8.h"

#include "common/json/JsonNumber.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QVariant>

#include <charconv>
#include <cmath>

namespace aegis {

namespace {

const JsonValue &nullValue()
{
    static const JsonValue value;
    return value;
}

const std::vector<JsonValue> &noElements()
{
    static const std::vector<JsonValue> elements;
    return elements;
}

const std::vector<JsonMember> &noMembers()
{
    static const std::vector<JsonMember> members;
    return members;
}

// QString::toUtf8 silently turns a lone surrogate into U+FFFD. Python would
// refuse to encode such a string, so it is kept as its three-byte
// (WTF-8) form, which the canonicalizer then refuses as invalid UTF-8.
QByteArray utf8Preserving(const QString &text)
{
    if (text.isValidUtf16())
        return text.toUtf8();
    QByteArray out;
    out.reserve(text.size() * 3);
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        char32_t cp = text.at(i).unicode();
        if (QChar::isHighSurrogate(cp) && i + 1 < n && text.at(i + 1).isLowSurrogate()) {
            cp = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            ++i;
        }
        Utf8::appendCodePoint(out, cp);
    }
    return out;
}

} // namespace

JsonValue::JsonValue(bool value)
    : m_type(Type::Bool)
    , m_bool(value)
{
}

JsonValue::JsonValue(const QString &text)
    : m_type(Type::String)
    , m_text(utf8Preserving(text))
{
}

JsonValue JsonValue::fromUtf8(QByteArrayView utf8)
{
    JsonValue v;
    v.m_type = Type::String;
    v.m_text = utf8.toByteArray();
    return v;
}

JsonValue JsonValue::fromInteger(qint64 value)
{
    JsonValue v;
    v.m_type = Type::Number;
    v.m_integer = true;
    v.m_text = QByteArray::number(value);
    return v;
}

JsonValue JsonValue::fromDouble(double value)
{
    if (!std::isfinite(value))
        return JsonValue();
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    JsonValue v;
    v.m_type = Type::Number;
    v.m_text = QByteArray(buffer, result.ptr - buffer);
    // to_chars may write "1e+16" or "100": both are valid JSON, but "100"
    // would read back as an integer, so keep it a float explicitly.
    if (JsonNumber::isIntegerLexeme(v.m_text))
        v.m_text += ".0";
    v.m_integer = false;
    return v;
}

std::optional<JsonValue> JsonValue::fromNumberText(QByteArrayView text)
{
    const auto kind = JsonNumber::classify(text);
    if (!kind)
        return std::nullopt;
    JsonValue v;
    v.m_type = Type::Number;
    v.m_integer = *kind == JsonNumber::Kind::Integer;
    v.m_text = text.toByteArray();
    return v;
}

JsonValue JsonValue::array()
{
    JsonValue v;
    v.m_type = Type::Array;
    return v;
}

JsonValue JsonValue::object()
{
    JsonValue v;
    v.m_type = Type::Object;
    return v;
}

JsonValue JsonValue::fromQJsonValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return JsonValue();
    case QJsonValue::Bool:
        return JsonValue(value.toBool());
    case QJsonValue::Double:
        // Qt keeps integers that fit 64 bits as integers internally; that is
        // the only trace left of how the number was written.
        if (value.toVariant().typeId() == QMetaType::LongLong)
            return fromInteger(value.toInteger());
        return fromDouble(value.toDouble());
    case QJsonValue::String:
        return JsonValue(value.toString());
    case QJsonValue::Array: {
        JsonValue out = array();
        const QJsonArray in = value.toArray();
        out.m_elements.reserve(in.size());
        for (const QJsonValue &element : in)
            out.m_elements.push_back(fromQJsonValue(element));
        return out;
    }
    case QJsonValue::Object: {
        JsonValue out = object();
        const QJsonObject in = value.toObject();
        out.m_members.reserve(in.size());
        for (auto it = in.constBegin(); it != in.constEnd(); ++it)
            out.m_members.push_back(JsonMember{utf8Preserving(it.key()), fromQJsonValue(it.value())});
        return out;
    }
    }
    return JsonValue();
}

QJsonValue JsonValue::toQJsonValue() const
{
    switch (m_type) {
    case Type::Null:
        return QJsonValue(QJsonValue::Null);
    case Type::Bool:
        return QJsonValue(m_bool);
    case Type::Number:
        if (const auto integer = toInt64())
            return QJsonValue(*integer);
        return QJsonValue(toDouble());
    case Type::String:
        return QJsonValue(QString::fromUtf8(m_text));
    case Type::Array: {
        QJsonArray out;
        for (const JsonValue &element : m_elements)
            out.append(element.toQJsonValue());
        return out;
    }
    case Type::Object: {
        QJsonObject out;
        for (const JsonMember &member : m_members)
            out.insert(QString::fromUtf8(member.key), member.value.toQJsonValue());
        return out;
    }
    }
    return QJsonValue();
}

bool JsonValue::toBool(bool fallback) const
{
    return m_type == Type::Bool ? m_bool : fallback;
}

std::optional<qint64> JsonValue::toInt64() const
{
    if (!isInteger())
        return std::nullopt;
    qint64 value = 0;
    const char *begin = m_text.constData();
    const char *end = begin + m_text.size();
    const auto result = std::from_chars(begin, end, value);
    if (result.ec != std::errc() || result.ptr != end)
        return std::nullopt;
    return value;
}

double JsonValue::toDouble() const
{
    if (m_type != Type::Number)
        return 0.0;
    return JsonNumber::toDouble(m_text).value;
}

QString JsonValue::toString() const
{
    return m_type == Type::String ? QString::fromUtf8(m_text) : QString();
}

qsizetype JsonValue::size() const
{
    if (m_type == Type::Array)
        return qsizetype(m_elements.size());
    if (m_type == Type::Object)
        return qsizetype(m_members.size());
    return 0;
}

const std::vector<JsonValue> &JsonValue::elements() const
{
    return m_type == Type::Array ? m_elements : noElements();
}

const JsonValue &JsonValue::at(qsizetype index) const
{
    if (m_type != Type::Array || index < 0 || index >= qsizetype(m_elements.size()))
        return nullValue();
    return m_elements[size_t(index)];
}

void JsonValue::append(JsonValue value)
{
    Q_ASSERT(m_type == Type::Array);
    if (m_type == Type::Array)
        m_elements.push_back(std::move(value));
}

const std::vector<JsonMember> &JsonValue::members() const
{
    return m_type == Type::Object ? m_members : noMembers();
}

const JsonValue *JsonValue::find(QByteArrayView key) const
{
    if (m_type != Type::Object)
        return nullptr;
    for (const JsonMember &member : m_members) {
        if (QByteArrayView(member.key) == key)
            return &member.value;
    }
    return nullptr;
}

const JsonValue &JsonValue::value(QByteArrayView key) const
{
    const JsonValue *found = find(key);
    return found ? *found : nullValue();
}

void JsonValue::insert(QByteArrayView key, JsonValue value)
{
    Q_ASSERT(m_type == Type::Object);
    if (m_type != Type::Object)
        return;
    for (JsonMember &member : m_members) {
        if (QByteArrayView(member.key) == key) {
            member.value = std::move(value);
            return;
        }
    }
    m_members.push_back(JsonMember{key.toByteArray(), std::move(value)});
}

bool JsonValue::remove(QByteArrayView key)
{
    if (m_type != Type::Object)
        return false;
    for (auto it = m_members.begin(); it != m_members.end(); ++it) {
        if (QByteArrayView(it->key) == key) {
            m_members.erase(it);
            return true;
        }
    }
    return false;
}

bool JsonValue::operator==(const JsonValue &other) const
{
    if (m_type != other.m_type)
        return false;
    switch (m_type) {
    case Type::Null:
        return true;
    case Type::Bool:
        return m_bool == other.m_bool;
    case Type::Number:
    case Type::String:
        return m_text == other.m_text;
    case Type::Array:
        return m_elements == other.m_elements;
    case Type::Object:
        return m_members == other.m_members;
    }
    return false;
}

} // namespace aegis
