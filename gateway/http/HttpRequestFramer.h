#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <vector>

namespace aegis {

// Finds where each HTTP/1.x request of a connection's byte stream begins,
// where its head ends and where it ends, and enforces size limits while
// doing so. The connection guard feeds it every byte a client sends before
// QHttpServer 6.4 reads them, because that server buffers without limit and
// hides what it has already read (QT64_NOTES.md).
//
// It is deliberately stricter than the server, so that whatever it accepts
// the server frames the same way and the two never disagree about where a
// request ends (request smuggling). What the server (QHttpServerRequest in
// Qt 6.4.2, probed on this system) does that shapes the rules here:
//  - A header block its QHttpHeaderParser rejects (a line without a colon,
//    a name that is not a token, obs-fold at the start, more than 100
//    fields, a field over 100 KiB, over 256 KiB in all) is not refused: the
//    request goes on with no headers at all, so its Content-Length body is
//    read as the next request. Hence Malformed for all of these, and limits
//    above kServerMaxHeaderCount / kServerMaxHeaderBytes are lowered.
//  - After chunk data it consumes any two bytes, and after the last chunk
//    it reads exactly two bytes and ends the message there: trailers, or a
//    bare LF, would leave the rest of the stream to be parsed as a new
//    request. Hence CRLF is required there and trailers are refused.
//  - It ends a chunk-size line only at CRLF, so a bare LF there is refused.
//  - Chunked wins over Content-Length; both together are refused here.
// Bare LF is accepted in the request line and header lines, as the server
// does.
//
// Requests with an Upgrade header or the CONNECT method are framed like any
// other, but the guard must refuse them (Head::upgrade): after an accepted
// upgrade the connection no longer carries HTTP.
//
// Pure: bytes in, events out; no I/O, no clock, no Qt networking.
class HttpRequestFramer
{
public:
    // Larger limits are lowered to these, so that no block the framer
    // accepts can reach the server's own limits (100 fields, 100 KiB per
    // field; see above), past which it silently drops every header.
    static constexpr int kServerMaxHeaderCount = 100;
    static constexpr qint64 kServerMaxHeaderBytes = 64 * 1024;

    struct Limits
    {
        // The whole header block: leading empty lines, request line, header
        // lines with their line endings and the final empty line.
        qint64 maxHeaderBytes = 16 * 1024;
        // Content-Length, or the sum of the chunk sizes.
        qint64 maxBodyBytes = 1024 * 1024;
        // Header lines.
        int maxHeaderCount = 100;
    };

    enum class Failure
    {
        None,
        HeaderTooLarge, // 431
        BodyTooLarge,   // 413
        Malformed,      // 400
        NotImplemented, // 501: unsupported Transfer-Encoding
    };

    // What the guard needs from a request head.
    struct Head
    {
        QByteArray method;         // as sent, e.g. "GET"
        QByteArray target;         // request-target as sent
        int httpMinor = 1;         // HTTP/1.x
        qint64 contentLength = -1; // -1 when absent
        bool chunked = false;
        // HTTP/1.1: true unless "Connection: close"; HTTP/1.0: false unless
        // "Connection: keep-alive" (and no "close").
        bool keepAlive = true;
        // "Expect: 100-continue" in an HTTP/1.1 request (RFC 9110 says to
        // ignore it in HTTP/1.0).
        bool expectContinue = false;
        // An Upgrade header is present or the method is CONNECT.
        bool upgrade = false;
    };

    struct Event
    {
        enum class Kind
        {
            MessageBegin,
            HeadComplete,
            MessageComplete,
            Failed,
        };
        Kind kind;
        // Offset in the bytes passed to feed():
        //  MessageBegin: the first byte of the request line;
        //  HeadComplete: one past the head's last byte (where the body starts);
        //  MessageComplete: one past the message's last byte;
        //  Failed: the byte at which the failure was detected.
        qint64 offset;
        // Valid for HeadComplete. For Failed, whatever of the head had been
        // parsed (possibly nothing), so the guard can log what it refused.
        Head head;
        Failure failure = Failure::None; // valid for Failed
        QString reason;                  // plain words for Failed; never echoes client bytes
    };

    // Two constructors rather than "Limits limits = {}": a nested struct's
    // default member initializers cannot be used inside its enclosing class.
    HttpRequestFramer();
    explicit HttpRequestFramer(Limits limits);

    // Consumes all bytes. Events come in stream order, several messages per
    // call when requests are pipelined. A head that is refused (too large a
    // Content-Length, conflicting framing) yields Failed without
    // HeadComplete. After Failed, feeds are ignored and return nothing.
    std::vector<Event> feed(QByteArrayView bytes);

    // Between MessageBegin and MessageComplete; empty lines before a request
    // line are not a message yet (though they count toward its header limit).
    // Frozen at the moment of a failure.
    bool inMessage() const;
    // The head of the current message is complete, its body is not. Frozen
    // at the moment of a failure.
    bool inBody() const;
    bool failed() const;
    // Body bytes of the current message (chunk data only, not the chunk
    // framing). Kept after MessageComplete until the next MessageBegin.
    qint64 bodyBytesReceived() const;
    int completedMessages() const;

private:
    enum class State
    {
        Idle,          // between messages: only empty lines so far
        RequestLine,
        HeaderLine,
        Body,          // Content-Length body
        ChunkSizeLine,
        ChunkData,
        ChunkDataCr,   // the CR that must follow chunk data
        ChunkDataLf,   // the LF that must follow it
        LastChunkCr,   // the empty line after the last chunk: no trailers
        LastChunkLf,
    };

    bool consumeLineByte(char byte, qint64 at, std::vector<Event> &events);
    void consumeChunkCrlf(char byte, qint64 at, std::vector<Event> &events);
    bool completeLine(qint64 at, std::vector<Event> &events);
    bool parseRequestLine(qint64 at, std::vector<Event> &events);
    bool parseFieldLine(qint64 at, std::vector<Event> &events);
    bool parseChunkSizeLine(qint64 at, std::vector<Event> &events);
    bool finishHead(qint64 at, std::vector<Event> &events);
    void beginMessage(qint64 at, std::vector<Event> &events);
    void completeMessage(qint64 end, std::vector<Event> &events);
    bool fail(Failure failure, const QString &reason, qint64 at, std::vector<Event> &events);
    bool countsTowardHeaderLimit() const;

    Limits m_limits;
    State m_state = State::Idle;
    Failure m_failure = Failure::None;

    // The line being read, without its line ending. Bounded by the header
    // limit in the head and by a fixed cap for chunk-size lines.
    QByteArray m_line;
    bool m_sawCr = false;

    qint64 m_headerBytes = 0;
    int m_headerCount = 0;

    Head m_head;
    bool m_hasContentLength = false;
    int m_transferEncodingCount = 0;
    bool m_transferEncodingIsChunked = false;
    bool m_connectionClose = false;
    bool m_connectionKeepAlive = false;
    bool m_expectContinue = false;

    qint64 m_remaining = 0; // of the Content-Length body or the current chunk
    qint64 m_bodyBytes = 0;
    int m_completed = 0;
};

} // namespace aegis
