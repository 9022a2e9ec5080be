#include "console/verification/ExportStreamReader.h"

#include <QIODevice>

namespace aegis::console {

namespace {

bool isSpace(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

} // namespace

ExportStreamReader::ExportStreamReader(QIODevice *device, qint64 chunkBytes)
    : m_device(device)
    , m_chunkBytes(qMax<qint64>(1, chunkBytes))
{
}

int ExportStreamReader::get()
{
    if (m_pos >= m_buffer.size()) {
        // Keep one byte so that unget() always works across a refill.
        const char last = m_buffer.isEmpty() ? '\0' : m_buffer.back();
        m_buffer = m_device->read(m_chunkBytes);
        if (m_buffer.isEmpty())
            return -1;
        m_buffer.prepend(last);
        m_pos = 1;
    }
    ++m_consumed;
    return static_cast<unsigned char>(m_buffer.at(m_pos++));
}

bool ExportStreamReader::fail(const QString &what)
{
    m_error = QStringLiteral("%1 at byte %2").arg(what).arg(m_consumed);
    m_done = true;
    return false;
}

bool ExportStreamReader::findArray()
{
    // Walk the top-level object: remember each key at depth 1, skip nested
    // values, stop at the '[' of "receipts".
    int depth = 0;
    bool inString = false;
    bool escape = false;
    bool capturing = false;
    QByteArray text;
    QByteArray key;
    for (int c = get(); c >= 0; c = get()) {
        if (inString) {
            if (escape)
                escape = false;
            else if (c == '\\')
                escape = true;
            else if (c == '"')
                inString = false;
            else if (capturing && text.size() < 64)
                text.append(char(c));
            continue;
        }
        if (isSpace(c))
            continue;
        switch (c) {
        case '"':
            inString = true;
            capturing = depth == 1;
            text.clear();
            break;
        case ':':
            if (depth == 1)
                key = text;
            break;
        case '{':
            ++depth;
            break;
        case '[':
            if (depth == 1 && key == "receipts")
                return true;
            ++depth;
            break;
        case '}':
        case ']':
            --depth;
            if (depth <= 0)
                return fail(QStringLiteral("no \"receipts\" array in the export"));
            break;
        default:
            if (depth == 0)
                return fail(QStringLiteral("the export is not a JSON object"));
            break;
        }
    }
    return fail(QStringLiteral("no \"receipts\" array in the export"));
}

std::optional<QByteArray> ExportStreamReader::next()
{
    if (m_done)
        return std::nullopt;
    if (!m_inArray) {
        if (!findArray())
            return std::nullopt;
        m_inArray = true;
    }
    // Between elements: whitespace, one comma (not before the first).
    int c = get();
    while (c >= 0 && isSpace(c))
        c = get();
    if (c == ']') {
        m_done = true;
        return std::nullopt;
    }
    if (!m_first) {
        if (c != ',') {
            fail(QStringLiteral("expected , or ] between receipts"));
            return std::nullopt;
        }
        c = get();
        while (c >= 0 && isSpace(c))
            c = get();
    }
    if (c < 0) {
        fail(QStringLiteral("the export ends inside the receipts array"));
        return std::nullopt;
    }
    m_first = false;

    QByteArray element;
    element.append(char(c));
    if (c == '{' || c == '[') {
        int depth = 1;
        bool inString = false;
        bool escape = false;
        while (depth > 0) {
            c = get();
            if (c < 0) {
                fail(QStringLiteral("the export ends inside a receipt"));
                return std::nullopt;
            }
            element.append(char(c));
            if (inString) {
                if (escape)
                    escape = false;
                else if (c == '\\')
                    escape = true;
                else if (c == '"')
                    inString = false;
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                --depth;
            }
        }
        return element;
    }
    if (c == '"') {
        bool escape = false;
        for (;;) {
            c = get();
            if (c < 0) {
                fail(QStringLiteral("the export ends inside a string"));
                return std::nullopt;
            }
            element.append(char(c));
            if (escape)
                escape = false;
            else if (c == '\\')
                escape = true;
            else if (c == '"')
                return element;
        }
    }
    // A number or literal: up to the next separator, which stays unread.
    for (c = get(); c >= 0 && c != ',' && c != ']' && !isSpace(c); c = get())
        element.append(char(c));
    if (c >= 0)
        unget();
    return element;
}

} // namespace aegis::console
