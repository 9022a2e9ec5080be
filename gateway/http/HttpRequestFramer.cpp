#include "gateway/http/HttpRequestFramer.h"

#include "common/util/HexDigit.h"

#include <algorithm>
#include <limits>

namespace aegis {

namespace {

// Chunk extensions are the one unbounded part of chunked framing, and no
// client we serve sends any; a cap keeps a hostile size line from growing
// without end while it stays far above anything legitimate.
constexpr qsizetype kMaxChunkSizeLineBytes = 1024;

bool isTokenChar(char c)
{
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+':
    case '-': case '.': case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

bool isControl(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
}

// HTAB may appear inside field values; obs-text (0x80..0xFF) is let through
// as the server does, since it cannot change where a request ends.
bool isForbiddenInValue(char c)
{
    return isControl(c) && c != '\t';
}

bool isOws(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmedOws(QByteArrayView text)
{
    qsizetype begin = 0;
    qsizetype end = text.size();
    while (begin < end && isOws(text[begin]))
        ++begin;
    while (end > begin && isOws(text[end - 1]))
        --end;
    return text.sliced(begin, end - begin);
}

// ASCII only on purpose: a locale must never decide what a header name means.
bool equalsIgnoringCase(QByteArrayView text, QByteArrayView lowerCase)
{
    if (text.size() != lowerCase.size())
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        if (c != lowerCase[i])
            return false;
    }
    return true;
}

enum class Number { Ok, NotDigits, Overflow };

Number parseDecimal(QByteArrayView text, qint64 &value)
{
    if (text.isEmpty())
        return Number::NotDigits;
    qint64 result = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return Number::NotDigits;
        const int digit = c - '0';
        if (result > (std::numeric_limits<qint64>::max() - digit) / 10)
            return Number::Overflow;
        result = result * 10 + digit;
    }
    value = result;
    return Number::Ok;
}

HttpRequestFramer::Event makeEvent(HttpRequestFramer::Event::Kind kind, qint64 offset)
{
    HttpRequestFramer::Event event{};
    event.kind = kind;
    event.offset = offset;
    return event;
}

} // namespace

HttpRequestFramer::HttpRequestFramer()
    : HttpRequestFramer(Limits{})
{
}

HttpRequestFramer::HttpRequestFramer(Limits limits)
    : m_limits(limits)
{
    m_limits.maxHeaderBytes = std::min(m_limits.maxHeaderBytes, kServerMaxHeaderBytes);
    m_limits.maxHeaderCount = std::min(m_limits.maxHeaderCount, kServerMaxHeaderCount);
}

std::vector<HttpRequestFramer::Event> HttpRequestFramer::feed(QByteArrayView bytes)
{
    std::vector<Event> events;
    const qint64 size = bytes.size();
    qint64 i = 0;
    while (i < size && m_failure == Failure::None) {
        switch (m_state) {
        case State::Body:
        case State::ChunkData: {
            // Body bytes are only counted, never looked at: skip them in bulk.
            const qint64 n = std::min(m_remaining, size - i);
            i += n;
            m_remaining -= n;
            m_bodyBytes += n;
            if (m_remaining == 0) {
                if (m_state == State::Body)
                    completeMessage(i, events);
                else
                    m_state = State::ChunkDataCr;
            }
            break;
        }
        case State::ChunkDataCr:
        case State::ChunkDataLf:
        case State::LastChunkCr:
        case State::LastChunkLf:
            consumeChunkCrlf(bytes[i], i, events);
            ++i;
            break;
        case State::Idle:
        case State::RequestLine:
        case State::HeaderLine:
        case State::ChunkSizeLine:
            consumeLineByte(bytes[i], i, events);
            ++i;
            break;
        }
    }
    return events;
}

bool HttpRequestFramer::inMessage() const
{
    return m_state != State::Idle;
}

bool HttpRequestFramer::inBody() const
{
    switch (m_state) {
    case State::Body:
    case State::ChunkSizeLine:
    case State::ChunkData:
    case State::ChunkDataCr:
    case State::ChunkDataLf:
    case State::LastChunkCr:
    case State::LastChunkLf:
        return true;
    case State::Idle:
    case State::RequestLine:
    case State::HeaderLine:
        return false;
    }
    return false;
}

bool HttpRequestFramer::failed() const
{
    return m_failure != Failure::None;
}

qint64 HttpRequestFramer::bodyBytesReceived() const
{
    return m_bodyBytes;
}

int HttpRequestFramer::completedMessages() const
{
    return m_completed;
}

bool HttpRequestFramer::countsTowardHeaderLimit() const
{
    return m_state == State::Idle || m_state == State::RequestLine || m_state == State::HeaderLine;
}

bool HttpRequestFramer::consumeLineByte(char byte, qint64 at, std::vector<Event> &events)
{
    // Counted byte by byte so that an endless header line is cut off at the
    // limit instead of being buffered until its end.
    if (countsTowardHeaderLimit() && ++m_headerBytes > m_limits.maxHeaderBytes) {
        return fail(Failure::HeaderTooLarge,
                    QStringLiteral("the header block is larger than %1 bytes").arg(m_limits.maxHeaderBytes), at,
                    events);
    }
    if (m_sawCr) {
        m_sawCr = false;
        if (byte != '\n')
            return fail(Failure::Malformed, QStringLiteral("a CR is not followed by LF"), at, events);
        return completeLine(at, events);
    }
    if (byte == '\r') {
        m_sawCr = true;
        return true;
    }
    if (byte == '\n') {
        // The server ends a chunk-size line only at CRLF; a bare LF would
        // stay part of its line and shift where it thinks the data starts.
        if (m_state == State::ChunkSizeLine)
            return fail(Failure::Malformed, QStringLiteral("a chunk-size line does not end with CRLF"), at, events);
        return completeLine(at, events);
    }
    if (m_state == State::Idle)
        beginMessage(at, events);
    if (m_state == State::ChunkSizeLine && m_line.size() >= kMaxChunkSizeLineBytes) {
        return fail(Failure::Malformed,
                    QStringLiteral("a chunk-size line is longer than %1 bytes").arg(kMaxChunkSizeLineBytes), at,
                    events);
    }
    m_line.append(byte);
    return true;
}

bool HttpRequestFramer::completeLine(qint64 at, std::vector<Event> &events)
{
    bool ok = true;
    switch (m_state) {
    case State::Idle:
        // An empty line before a request line: skipped, as the server does.
        break;
    case State::RequestLine:
        ok = parseRequestLine(at, events);
        if (ok)
            m_state = State::HeaderLine;
        break;
    case State::HeaderLine:
        ok = m_line.isEmpty() ? finishHead(at, events) : parseFieldLine(at, events);
        break;
    case State::ChunkSizeLine:
        ok = parseChunkSizeLine(at, events);
        break;
    case State::Body:
    case State::ChunkData:
    case State::ChunkDataCr:
    case State::ChunkDataLf:
    case State::LastChunkCr:
    case State::LastChunkLf:
        break;
    }
    m_line.clear();
    return ok;
}

bool HttpRequestFramer::parseRequestLine(qint64 at, std::vector<Event> &events)
{
    const qsizetype firstSpace = m_line.indexOf(' ');
    const qsizetype lastSpace = m_line.lastIndexOf(' ');
    if (firstSpace < 0 || lastSpace == firstSpace) {
        return fail(Failure::Malformed, QStringLiteral("the request line is not \"METHOD target HTTP/1.x\""), at,
                    events);
    }
    const QByteArrayView line(m_line);
    const QByteArrayView method = line.first(firstSpace);
    const QByteArrayView target = line.sliced(firstSpace + 1, lastSpace - firstSpace - 1);
    const QByteArrayView version = line.sliced(lastSpace + 1);

    if (!isToken(method))
        return fail(Failure::Malformed, QStringLiteral("the method is not a token"), at, events);
    m_head.method = method.toByteArray();
    m_head.upgrade = method == QByteArrayView("CONNECT");

    if (target.isEmpty())
        return fail(Failure::Malformed, QStringLiteral("the request target is empty"), at, events);
    const auto spaceOrControl = [](char c) { return c == ' ' || isControl(c); };
    if (std::any_of(target.begin(), target.end(), spaceOrControl)) {
        return fail(Failure::Malformed, QStringLiteral("the request target contains a space or a control character"),
                    at, events);
    }
    m_head.target = target.toByteArray();

    if (version == QByteArrayView("HTTP/1.1"))
        m_head.httpMinor = 1;
    else if (version == QByteArrayView("HTTP/1.0"))
        m_head.httpMinor = 0;
    else
        return fail(Failure::Malformed, QStringLiteral("the HTTP version is not HTTP/1.0 or HTTP/1.1"), at, events);
    return true;
}

bool HttpRequestFramer::parseFieldLine(qint64 at, std::vector<Event> &events)
{
    const QByteArrayView line(m_line);
    // A line starting with whitespace continues the previous one (obs-fold);
    // parsers disagree on how to join it, which is exactly what smuggling
    // exploits.
    if (isOws(line.front()))
        return fail(Failure::Malformed, QStringLiteral("obsolete line folding is not accepted"), at, events);
    const qsizetype colon = m_line.indexOf(':');
    if (colon < 0)
        return fail(Failure::Malformed, QStringLiteral("a header line has no colon"), at, events);
    const QByteArrayView name = line.first(colon);
    if (!isToken(name))
        return fail(Failure::Malformed, QStringLiteral("a header name is not a token"), at, events);
    const QByteArrayView rawValue = line.sliced(colon + 1);
    if (std::any_of(rawValue.begin(), rawValue.end(), isForbiddenInValue))
        return fail(Failure::Malformed, QStringLiteral("a header value contains a control character"), at, events);
    if (++m_headerCount > m_limits.maxHeaderCount) {
        return fail(Failure::HeaderTooLarge,
                    QStringLiteral("more than %1 header fields").arg(m_limits.maxHeaderCount), at, events);
    }
    const QByteArrayView value = trimmedOws(rawValue);

    if (equalsIgnoringCase(name, "content-length")) {
        qint64 length = 0;
        switch (parseDecimal(value, length)) {
        case Number::NotDigits:
            return fail(Failure::Malformed, QStringLiteral("Content-Length is not a number"), at, events);
        case Number::Overflow:
            return fail(Failure::Malformed, QStringLiteral("Content-Length is too large to represent"), at, events);
        case Number::Ok:
            break;
        }
        if (m_hasContentLength && length != m_head.contentLength)
            return fail(Failure::Malformed, QStringLiteral("Content-Length values differ"), at, events);
        m_hasContentLength = true;
        m_head.contentLength = length;
        return true;
    }
    if (equalsIgnoringCase(name, "transfer-encoding")) {
        // Two Transfer-Encoding lines combine into "chunked, chunked" or
        // worse: only a single, plain "chunked" is accepted.
        ++m_transferEncodingCount;
        m_transferEncodingIsChunked = m_transferEncodingCount == 1 && equalsIgnoringCase(value, "chunked");
        return true;
    }
    if (equalsIgnoringCase(name, "connection")) {
        qsizetype start = 0;
        while (start <= value.size()) {
            qsizetype comma = value.indexOf(',', start);
            if (comma < 0)
                comma = value.size();
            const QByteArrayView option = trimmedOws(value.sliced(start, comma - start));
            if (equalsIgnoringCase(option, "close"))
                m_connectionClose = true;
            else if (equalsIgnoringCase(option, "keep-alive"))
                m_connectionKeepAlive = true;
            start = comma + 1;
        }
    } else if (equalsIgnoringCase(name, "expect")) {
        if (equalsIgnoringCase(value, "100-continue"))
            m_expectContinue = true;
    } else if (equalsIgnoringCase(name, "upgrade")) {
        m_head.upgrade = true;
    }
    return true;
}

bool HttpRequestFramer::finishHead(qint64 at, std::vector<Event> &events)
{
    const bool hasTransferEncoding = m_transferEncodingCount > 0;
    if (m_hasContentLength && hasTransferEncoding) {
        return fail(Failure::Malformed, QStringLiteral("both Content-Length and Transfer-Encoding are present"), at,
                    events);
    }
    if (hasTransferEncoding && !m_transferEncodingIsChunked) {
        return fail(Failure::NotImplemented, QStringLiteral("only Transfer-Encoding: chunked is supported"), at,
                    events);
    }
    m_head.chunked = hasTransferEncoding;
    m_head.keepAlive = m_head.httpMinor == 1 ? !m_connectionClose : m_connectionKeepAlive && !m_connectionClose;
    m_head.expectContinue = m_head.httpMinor == 1 && m_expectContinue;
    // Refused before a single body byte is read, so the guard can answer
    // 413 at once (and never "100 Continue").
    if (m_head.contentLength > m_limits.maxBodyBytes) {
        return fail(Failure::BodyTooLarge,
                    QStringLiteral("Content-Length exceeds the limit of %1 bytes").arg(m_limits.maxBodyBytes), at,
                    events);
    }

    const qint64 end = at + 1;
    Event head = makeEvent(Event::Kind::HeadComplete, end);
    head.head = m_head;
    events.push_back(std::move(head));

    if (m_head.chunked) {
        m_state = State::ChunkSizeLine;
    } else if (m_head.contentLength > 0) {
        m_state = State::Body;
        m_remaining = m_head.contentLength;
    } else {
        completeMessage(end, events);
    }
    return true;
}

bool HttpRequestFramer::parseChunkSizeLine(qint64 at, std::vector<Event> &events)
{
    const QByteArrayView line(m_line);
    const qint64 allowed = m_limits.maxBodyBytes - m_bodyBytes;
    qint64 size = 0;
    bool tooLarge = false;
    qsizetype digits = 0;
    for (; digits < line.size() && hexDigitValue(line[digits]) >= 0; ++digits) {
        // Past the limit the exact value no longer matters; stop before it
        // could overflow.
        if (tooLarge)
            continue;
        if (size > (std::numeric_limits<qint64>::max() - 15) / 16) {
            tooLarge = true;
            continue;
        }
        size = size * 16 + hexDigitValue(line[digits]);
        tooLarge = size > allowed;
    }
    // Only "SIZE" or "SIZE;extension": the server also takes whitespace
    // around the size, and reads anything unparsable as 0, the last chunk.
    const QByteArrayView rest = line.sliced(digits);
    if (digits == 0 || (!rest.isEmpty() && rest.front() != ';'))
        return fail(Failure::Malformed, QStringLiteral("a chunk size is not a hexadecimal number"), at, events);
    if (std::any_of(rest.begin(), rest.end(), isForbiddenInValue))
        return fail(Failure::Malformed, QStringLiteral("a chunk extension contains a control character"), at, events);
    if (tooLarge) {
        return fail(Failure::BodyTooLarge,
                    QStringLiteral("the chunked body exceeds the limit of %1 bytes").arg(m_limits.maxBodyBytes), at,
                    events);
    }
    if (size == 0) {
        m_state = State::LastChunkCr;
    } else {
        m_state = State::ChunkData;
        m_remaining = size;
    }
    return true;
}

void HttpRequestFramer::consumeChunkCrlf(char byte, qint64 at, std::vector<Event> &events)
{
    // Exactly CRLF: the server takes any two bytes after chunk data, and
    // exactly two after the last chunk, so a bare LF or a trailer field
    // would leave the two of us apart about where the next request starts.
    const bool afterData = m_state == State::ChunkDataCr || m_state == State::ChunkDataLf;
    const bool wantCr = m_state == State::ChunkDataCr || m_state == State::LastChunkCr;
    if (byte != (wantCr ? '\r' : '\n')) {
        const QString reason = afterData
            ? QStringLiteral("chunk data is not followed by CRLF")
            : QStringLiteral("the last chunk is not followed by an empty line (trailers are not accepted)");
        fail(Failure::Malformed, reason, at, events);
        return;
    }
    switch (m_state) {
    case State::ChunkDataCr:
        m_state = State::ChunkDataLf;
        break;
    case State::ChunkDataLf:
        m_state = State::ChunkSizeLine;
        m_line.clear();
        break;
    case State::LastChunkCr:
        m_state = State::LastChunkLf;
        break;
    case State::LastChunkLf:
        completeMessage(at + 1, events);
        break;
    default:
        break;
    }
}

void HttpRequestFramer::beginMessage(qint64 at, std::vector<Event> &events)
{
    m_state = State::RequestLine;
    m_head = Head{};
    m_hasContentLength = false;
    m_transferEncodingCount = 0;
    m_transferEncodingIsChunked = false;
    m_connectionClose = false;
    m_connectionKeepAlive = false;
    m_expectContinue = false;
    m_remaining = 0;
    m_bodyBytes = 0;
    events.push_back(makeEvent(Event::Kind::MessageBegin, at));
}

void HttpRequestFramer::completeMessage(qint64 end, std::vector<Event> &events)
{
    events.push_back(makeEvent(Event::Kind::MessageComplete, end));
    ++m_completed;
    m_state = State::Idle;
    m_head = Head{};
    m_line.clear();
    m_sawCr = false;
    // The next message's budget starts here, including any empty lines
    // that precede its request line.
    m_headerBytes = 0;
    m_headerCount = 0;
    m_remaining = 0;
}

bool HttpRequestFramer::fail(Failure failure, const QString &reason, qint64 at, std::vector<Event> &events)
{
    m_failure = failure;
    Event event = makeEvent(Event::Kind::Failed, at);
    event.head = m_head;
    event.failure = failure;
    event.reason = reason;
    events.push_back(std::move(event));
    return false;
}

} // namespace aegis
