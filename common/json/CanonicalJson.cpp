#include "common/json/CanonicalJson.h"

#include "common/json/CanonicalString.h"

#include "common/crypto/Sha256.h"
#include "common/json/JsonNumber.h"

#include <algorithm>
#include <cstring>

namespace aegis {

namespace {

class Writer
{
public:
    explicit Writer(QString *error)
        : m_error(error)
    {
        m_out.reserve(512); // a receipt body fits; growing costs more than this
    }

    bool write(const JsonValue &value, int depth);
    QByteArray take() { return std::move(m_out); }

private:
    bool writeString(const QByteArray &utf8);
    bool writeNumber(const JsonValue &value);
    bool fail(const QString &why)
    {
        if (m_error)
            *m_error = why;
        return false;
    }

    QString *m_error;
    QByteArray m_out;
};

// Code-point order equals UTF-8 byte order, compared as unsigned bytes.
bool utf8Less(const QByteArray &a, const QByteArray &b)
{
    const size_t common = size_t(std::min(a.size(), b.size()));
    const int c = common ? std::memcmp(a.constData(), b.constData(), common) : 0;
    if (c != 0)
        return c < 0;
    return a.size() < b.size();
}

bool Writer::writeString(const QByteArray &utf8)
{
    if (!appendCanonicalString(m_out, utf8.constData(), utf8.size()))
        return fail(QStringLiteral("string is not valid UTF-8 (or holds a lone surrogate)"));
    return true;
}

bool Writer::writeNumber(const JsonValue &value)
{
    const QByteArray text = value.numberText();
    if (value.isInteger()) {
        m_out.append(JsonNumber::canonicalInteger(text));
        return true;
    }
    const JsonNumber::Conversion converted = JsonNumber::toDouble(text);
    if (converted.overflow)
        return fail(QStringLiteral("number %1 is beyond the range of a double (Python reads it as infinity, "
                                   "which aegis-jcs-1 refuses)")
                        .arg(QString::fromLatin1(text.left(40))));
    m_out.append(JsonNumber::pythonRepr(converted.value));
    return true;
}

bool Writer::write(const JsonValue &value, int depth)
{
    if (depth > CanonicalJson::MaxDepth)
        return fail(QStringLiteral("nesting deeper than %1 levels").arg(CanonicalJson::MaxDepth));
    switch (value.type()) {
    case JsonValue::Type::Null:
        m_out.append("null");
        return true;
    case JsonValue::Type::Bool:
        m_out.append(value.toBool() ? "true" : "false");
        return true;
    case JsonValue::Type::Number:
        return writeNumber(value);
    case JsonValue::Type::String:
        return writeString(value.stringUtf8());
    case JsonValue::Type::Array: {
        m_out.append('[');
        bool first = true;
        for (const JsonValue &element : value.elements()) {
            if (!first)
                m_out.append(',');
            first = false;
            if (!write(element, depth + 1))
                return false;
        }
        m_out.append(']');
        return true;
    }
    case JsonValue::Type::Object: {
        const std::vector<JsonMember> &members = value.members();
        std::vector<const JsonMember *> sorted;
        sorted.reserve(members.size());
        for (const JsonMember &member : members)
            sorted.push_back(&member);
        std::sort(sorted.begin(), sorted.end(),
            [](const JsonMember *a, const JsonMember *b) { return utf8Less(a->key, b->key); });
        m_out.append('{');
        bool first = true;
        for (const JsonMember *member : sorted) {
            if (!first)
                m_out.append(',');
            first = false;
            if (!writeString(member->key))
                return false;
            m_out.append(':');
            if (!write(member->value, depth + 1))
                return false;
        }
        m_out.append('}');
        return true;
    }
    }
    return fail(QStringLiteral("unknown value type"));
}

} // namespace

std::optional<QByteArray> CanonicalJson::serialize(const JsonValue &value, QString *error)
{
    Writer writer(error);
    if (!writer.write(value, 0))
        return std::nullopt;
    return writer.take();
}

std::optional<QString> CanonicalJson::hash(const JsonValue &value, QString *error)
{
    const auto bytes = serialize(value, error);
    if (!bytes)
        return std::nullopt;
    return sha256Hex(*bytes);
}

QString CanonicalJson::sha256Hex(const QByteArray &bytes)
{
    return Sha256::hex(bytes);
}

} // namespace aegis
