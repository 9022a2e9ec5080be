#include "gateway/http/HttpRequestFramer.h"

#include <QtTest>

#include <optional>

using aegis::HttpRequestFramer;
using Event = HttpRequestFramer::Event;
using Failure = HttpRequestFramer::Failure;
using Kind = HttpRequestFramer::Event::Kind;
using Limits = HttpRequestFramer::Limits;

Q_DECLARE_METATYPE(HttpRequestFramer::Limits)

namespace {

// Keeps embedded NUL bytes, which a plain QByteArray(const char *) would cut.
template <std::size_t N>
QByteArray bytes(const char (&text)[N])
{
    return QByteArray(text, qsizetype(N - 1));
}

QString failureName(Failure failure)
{
    switch (failure) {
    case Failure::None:
        return QStringLiteral("None");
    case Failure::HeaderTooLarge:
        return QStringLiteral("HeaderTooLarge");
    case Failure::BodyTooLarge:
        return QStringLiteral("BodyTooLarge");
    case Failure::Malformed:
        return QStringLiteral("Malformed");
    case Failure::NotImplemented:
        return QStringLiteral("NotImplemented");
    }
    return QStringLiteral("?");
}

QString describeHead(const HttpRequestFramer::Head &head)
{
    QString text = QStringLiteral("head ") + QString::fromLatin1(head.method) + QLatin1Char(' ')
        + QString::fromLatin1(head.target) + QStringLiteral(" HTTP/1.") + QString::number(head.httpMinor);
    if (head.contentLength >= 0)
        text += QStringLiteral(" cl=") + QString::number(head.contentLength);
    if (head.chunked)
        text += QStringLiteral(" chunked");
    text += head.keepAlive ? QStringLiteral(" keep-alive") : QStringLiteral(" close");
    if (head.expectContinue)
        text += QStringLiteral(" expect-continue");
    if (head.upgrade)
        text += QStringLiteral(" upgrade");
    return text;
}

// One line per event; with a base, offsets are made absolute so that traces
// of differently split feeds compare directly.
QString describe(const Event &event, std::optional<qint64> base)
{
    const QString at = base ? QLatin1Char('@') + QString::number(*base + event.offset) : QString();
    switch (event.kind) {
    case Kind::MessageBegin:
        return QStringLiteral("begin") + at;
    case Kind::HeadComplete:
        return describeHead(event.head) + at;
    case Kind::MessageComplete:
        return QStringLiteral("complete") + at;
    case Kind::Failed:
        return QStringLiteral("failed ") + failureName(event.failure) + at + QStringLiteral(": ") + event.reason;
    }
    return QStringLiteral("?");
}

QString describeState(const HttpRequestFramer &framer)
{
    return QStringLiteral("state inMessage=%1 inBody=%2 failed=%3 body=%4 completed=%5")
        .arg(framer.inMessage())
        .arg(framer.inBody())
        .arg(framer.failed())
        .arg(framer.bodyBytesReceived())
        .arg(framer.completedMessages());
}

// Feeds the input in pieces of the given sizes (the last piece takes the
// rest) and returns every event with its absolute offset, then the state.
QStringList feedInPieces(const QByteArray &input, const QList<qsizetype> &sizes, const Limits &limits = {})
{
    HttpRequestFramer framer(limits);
    QStringList trace;
    qsizetype position = 0;
    auto feedPiece = [&](qsizetype size) {
        const QByteArrayView piece = QByteArrayView(input).sliced(position, size);
        for (const Event &event : framer.feed(piece))
            trace << describe(event, position);
        position += size;
    };
    for (const qsizetype size : sizes) {
        if (position + size > input.size())
            break;
        feedPiece(size);
    }
    feedPiece(input.size() - position);
    trace << describeState(framer);
    return trace;
}

QStringList feedWhole(const QByteArray &input, const Limits &limits = {})
{
    return feedInPieces(input, {}, limits);
}

QStringList feedByteByByte(const QByteArray &input, const Limits &limits = {})
{
    return feedInPieces(input, QList<qsizetype>(input.size(), 1), limits);
}

// The events alone, without offsets or state: what a table row spells out.
QStringList kindsOf(const QByteArray &input, const Limits &limits = {})
{
    HttpRequestFramer framer(limits);
    QStringList trace;
    for (const Event &event : framer.feed(input))
        trace << describe(event, std::nullopt);
    return trace;
}

// Expected traces spelled as C strings: QT_NO_CAST_FROM_ASCII forbids the
// implicit conversion to QString.
QStringList strings(std::initializer_list<const char *> items)
{
    QStringList list;
    for (const char *item : items)
        list << QString::fromLatin1(item);
    return list;
}

qsizetype headSize(const QByteArray &request)
{
    const qsizetype crlf = request.indexOf("\r\n\r\n");
    const qsizetype lf = request.indexOf("\n\n");
    return lf >= 0 && (crlf < 0 || lf < crlf) ? lf + 2 : crlf + 4;
}

QByteArray chunk(const QByteArray &data, const QByteArray &extension = {})
{
    return QByteArray::number(data.size(), 16) + extension + "\r\n" + data + "\r\n";
}

const QByteArray kGet = "GET /v1/version HTTP/1.1\r\nHost: localhost\r\n\r\n";
const QByteArray kPost = "POST /v1/authorize HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                         "Content-Length: 16\r\n\r\n{\"tool\":\"shell\"}";
const QByteArray kChunked = "POST /v1/authorize HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n"
                            "5;name=value\r\nhello\r\n"
                            "7;a;b=\"q s\"\r\n, world\r\n"
                            "0;last\r\n\r\n";
const QByteArray kBareLf = "POST /x HTTP/1.1\nHost: a\nContent-Length: 3\n\nabc";

} // namespace

class HttpRequestFramerTest : public QObject
{
    Q_OBJECT

private slots:
    void frames_data();
    void frames();
    void everySplitPosition_data();
    void everySplitPosition();
    void pipelined_data();
    void pipelined();
    void rejects_data();
    void rejects();
    void headerTooLargeBySizeBeforeEndOfBlock();
    void headerTooLargeByCountBeforeEndOfBlock();
    void headerLimitIsInclusive_data();
    void headerLimitIsInclusive();
    void leadingEmptyLinesCountTowardHeaderLimit();
    void limitsNeverExceedTheServers();
    void hugeContentLengthFailsAtEndOfHead();
    void contentLengthAtLimitIsAccepted();
    void chunkedBodyTooLargeWhileStreaming();
    void chunkedBodyAtLimitIsAccepted();
    void keepAlive_data();
    void keepAlive();
    void expectContinue_data();
    void expectContinue();
    void upgrade_data();
    void upgrade();
    void stateFollowsTheMessage();
    void failedStaysFailed();
};

void HttpRequestFramerTest::frames_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<qint64>("body");

    QTest::newRow("simple GET") << kGet
                                << strings({"begin", "head GET /v1/version HTTP/1.1 keep-alive", "complete"})
                                << qint64(0);
    QTest::newRow("POST with Content-Length")
        << kPost << strings({"begin", "head POST /v1/authorize HTTP/1.1 cl=16 keep-alive", "complete"}) << qint64(16);
    QTest::newRow("chunked with extensions")
        << kChunked << strings({"begin", "head POST /v1/authorize HTTP/1.1 chunked keep-alive", "complete"})
        << qint64(12);
    QTest::newRow("bare LF") << kBareLf << strings({"begin", "head POST /x HTTP/1.1 cl=3 keep-alive", "complete"})
                             << qint64(3);
    QTest::newRow("bare LF head, chunked body")
        << QByteArray("POST /x HTTP/1.1\nTransfer-Encoding: chunked\n\n3\r\nabc\r\n0\r\n\r\n")
        << strings({"begin", "head POST /x HTTP/1.1 chunked keep-alive", "complete"}) << qint64(3);
    QTest::newRow("mixed line endings")
        << QByteArray("GET / HTTP/1.1\nHost: a\r\nAccept: */*\n\r\n")
        << strings({"begin", "head GET / HTTP/1.1 keep-alive", "complete"}) << qint64(0);
    QTest::newRow("leading empty lines")
        << QByteArray("\r\n\n\r\nGET / HTTP/1.1\r\n\r\n")
        << strings({"begin", "head GET / HTTP/1.1 keep-alive", "complete"}) << qint64(0);
    QTest::newRow("Content-Length: 0")
        << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        << strings({"begin", "head POST /x HTTP/1.1 cl=0 keep-alive", "complete"}) << qint64(0);
    QTest::newRow("identical Content-Length twice")
        << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\nab")
        << strings({"begin", "head POST /x HTTP/1.1 cl=2 keep-alive", "complete"}) << qint64(2);
    QTest::newRow("leading zeros in Content-Length")
        << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 002\r\n\r\nab")
        << strings({"begin", "head POST /x HTTP/1.1 cl=2 keep-alive", "complete"}) << qint64(2);
    QTest::newRow("names case-insensitive, values trimmed")
        << QByteArray("POST /x HTTP/1.1\r\ncontent-LENGTH:\t 3 \t\r\n\r\nabc")
        << strings({"begin", "head POST /x HTTP/1.1 cl=3 keep-alive", "complete"}) << qint64(3);
    QTest::newRow("Transfer-Encoding value case-insensitive")
        << QByteArray("POST /x HTTP/1.1\r\nTRANSFER-ENCODING:  Chunked \r\n\r\n0\r\n\r\n")
        << strings({"begin", "head POST /x HTTP/1.1 chunked keep-alive", "complete"}) << qint64(0);
    QTest::newRow("uppercase hex chunk size")
        << QByteArray("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0A\r\n0123456789\r\n0\r\n\r\n")
        << strings({"begin", "head POST /x HTTP/1.1 chunked keep-alive", "complete"}) << qint64(10);
    QTest::newRow("HTAB and obs-text in values")
        << bytes("GET / HTTP/1.1\r\nX-A: a\tb\r\nX-B: caf\xc3\xa9\r\n\r\n")
        << strings({"begin", "head GET / HTTP/1.1 keep-alive", "complete"}) << qint64(0);
    QTest::newRow("empty header value")
        << QByteArray("GET / HTTP/1.1\r\nX-Empty:\r\nX-Blank:   \r\n\r\n")
        << strings({"begin", "head GET / HTTP/1.1 keep-alive", "complete"}) << qint64(0);
    QTest::newRow("query and absolute-form target")
        << QByteArray("GET http://gw.example:8080/v1/receipts?limit=5&order=asc HTTP/1.1\r\n\r\n")
        << strings({"begin", "head GET http://gw.example:8080/v1/receipts?limit=5&order=asc HTTP/1.1 keep-alive",
                       "complete"})
        << qint64(0);
    QTest::newRow("HTTP/1.0 without headers")
        << QByteArray("GET / HTTP/1.0\r\n\r\n") << strings({"begin", "head GET / HTTP/1.0 close", "complete"})
        << qint64(0);
    QTest::newRow("unfinished head") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n") << strings({"begin"})
                                     << qint64(0);
    QTest::newRow("unfinished body") << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc")
                                     << strings({"begin", "head POST /x HTTP/1.1 cl=10 keep-alive"}) << qint64(3);
    QTest::newRow("only empty lines") << QByteArray("\r\n\r\n\n") << strings({}) << qint64(0);
}

void HttpRequestFramerTest::frames()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, expected);
    QFETCH(qint64, body);

    HttpRequestFramer framer;
    const std::vector<Event> events = framer.feed(input);
    QStringList kinds;
    for (const Event &event : events)
        kinds << describe(event, std::nullopt);
    QCOMPARE(kinds, expected);
    QCOMPARE(framer.bodyBytesReceived(), body);
    QVERIFY(!framer.failed());
    if (!events.empty() && events.back().kind == Kind::MessageComplete) {
        QCOMPARE(events.back().offset, input.size());
        QCOMPARE(framer.completedMessages(), 1);
        QVERIFY(!framer.inMessage());
    }
    QCOMPARE(feedByteByByte(input), feedWhole(input));
}

void HttpRequestFramerTest::everySplitPosition_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("GET") << kGet;
    QTest::newRow("POST") << kPost;
    QTest::newRow("chunked") << kChunked;
    QTest::newRow("bare LF") << kBareLf;
    QTest::newRow("pipelined") << QByteArray("\r\n" + kPost + kChunked + kGet);
    QTest::newRow("failing inside a chunk-size line")
        << QByteArray("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n1x\r\n");
    QTest::newRow("failing after chunk data") << QByteArray("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                            "5\r\nhello\n0\r\n\r\n");
}

void HttpRequestFramerTest::everySplitPosition()
{
    QFETCH(QByteArray, input);
    const QStringList whole = feedWhole(input);
    QCOMPARE(feedByteByByte(input), whole);
    for (qsizetype first = 0; first <= input.size(); ++first) {
        QCOMPARE(feedInPieces(input, {first}), whole);
        // Three pieces: the first split at every position, the second at a
        // few distances after it, which includes inside every CRLF.
        for (qsizetype second = 0; second <= 3 && first + second <= input.size(); ++second)
            QCOMPARE(feedInPieces(input, {first, second}), whole);
    }
}

void HttpRequestFramerTest::pipelined_data()
{
    QTest::addColumn<QList<QByteArray>>("requests");
    QTest::newRow("two") << QList<QByteArray>{kGet, kPost};
    QTest::newRow("three") << QList<QByteArray>{kPost, kChunked, kGet};
    QTest::newRow("three bodiless") << QList<QByteArray>{kGet, kGet, kGet};
    QTest::newRow("bare LF and CRLF") << QList<QByteArray>{kBareLf, kGet};
}

void HttpRequestFramerTest::pipelined()
{
    QFETCH(QList<QByteArray>, requests);

    QByteArray stream;
    QStringList expected;
    for (const QByteArray &request : requests) {
        const qint64 begin = stream.size();
        const qint64 headEnd = begin + headSize(request);
        stream += request;
        expected << QStringLiteral("begin@%1").arg(begin) << QStringLiteral("head@%1").arg(headEnd)
                 << QStringLiteral("complete@%1").arg(stream.size());
    }

    HttpRequestFramer framer;
    QStringList actual;
    for (const Event &event : framer.feed(stream)) {
        const QString kind = event.kind == Kind::MessageBegin      ? QStringLiteral("begin")
                           : event.kind == Kind::HeadComplete      ? QStringLiteral("head")
                           : event.kind == Kind::MessageComplete   ? QStringLiteral("complete")
                                                                   : QStringLiteral("failed");
        actual << kind + QLatin1Char('@') + QString::number(event.offset);
    }
    QCOMPARE(actual, expected);
    QCOMPARE(framer.completedMessages(), requests.size());
    QVERIFY(!framer.inMessage());

    // The guard learns that a second request started within the segment
    // that completed the first.
    const QByteArray firstPlusOne = requests.at(0) + requests.at(1).left(1);
    HttpRequestFramer partial;
    const std::vector<Event> events = partial.feed(firstPlusOne);
    QCOMPARE(events.size(), std::size_t(4));
    QCOMPARE(events.back().kind, Kind::MessageBegin);
    QCOMPARE(events.back().offset, requests.at(0).size());
    QVERIFY(partial.inMessage());
}

void HttpRequestFramerTest::rejects_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Limits>("limits");
    QTest::addColumn<QString>("failure");
    QTest::addColumn<QString>("reason");

    const Limits defaults;
    const QString malformed = QStringLiteral("Malformed");
    const QString notImplemented = QStringLiteral("NotImplemented");
    const QByteArray chunkedHead = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";

    // Request line.
    QTest::newRow("method not a token") << QByteArray("G(T / HTTP/1.1\r\n\r\n") << defaults << malformed
                                        << QStringLiteral("method is not a token");
    QTest::newRow("empty method") << QByteArray(" / HTTP/1.1\r\n\r\n") << defaults << malformed
                                  << QStringLiteral("method is not a token");
    QTest::newRow("empty target") << QByteArray("GET  HTTP/1.1\r\n\r\n") << defaults << malformed
                                  << QStringLiteral("target is empty");
    QTest::newRow("space in target") << QByteArray("GET /a b HTTP/1.1\r\n\r\n") << defaults << malformed
                                     << QStringLiteral("target contains");
    QTest::newRow("HTAB in target") << QByteArray("GET /a\tb HTTP/1.1\r\n\r\n") << defaults << malformed
                                    << QStringLiteral("target contains");
    QTest::newRow("control in target") << bytes("GET /a\x01z HTTP/1.1\r\n\r\n") << defaults << malformed
                                       << QStringLiteral("target contains");
    QTest::newRow("NUL in target") << bytes("GET /a\0 HTTP/1.1\r\n\r\n") << defaults << malformed
                                   << QStringLiteral("target contains");
    QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\n\r\n") << defaults << malformed
                              << QStringLiteral("HTTP version");
    QTest::newRow("HTTP/1.2") << QByteArray("GET / HTTP/1.2\r\n\r\n") << defaults << malformed
                              << QStringLiteral("HTTP version");
    QTest::newRow("lowercase version") << QByteArray("GET / http/1.1\r\n\r\n") << defaults << malformed
                                       << QStringLiteral("HTTP version");
    QTest::newRow("HTTP/0.9 request line") << QByteArray("GET /\r\n\r\n") << defaults << malformed
                                           << QStringLiteral("request line is not");
    QTest::newRow("space after version") << QByteArray("GET / HTTP/1.1 \r\n\r\n") << defaults << malformed
                                         << QStringLiteral("target contains");
    QTest::newRow("CR without LF before request")
        << QByteArray("\r\rGET / HTTP/1.1\r\n\r\n") << defaults << malformed << QStringLiteral("CR is not followed");

    // Header lines.
    QTest::newRow("space in header name") << QByteArray("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n") << defaults
                                          << malformed << QStringLiteral("header name is not a token");
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : a\r\n\r\n") << defaults
                                        << malformed << QStringLiteral("header name is not a token");
    QTest::newRow("empty header name") << QByteArray("GET / HTTP/1.1\r\n: a\r\n\r\n") << defaults << malformed
                                       << QStringLiteral("header name is not a token");
    QTest::newRow("separator in header name") << QByteArray("GET / HTTP/1.1\r\nX(a): 1\r\n\r\n") << defaults
                                              << malformed << QStringLiteral("header name is not a token");
    QTest::newRow("no colon") << QByteArray("GET / HTTP/1.1\r\nHost\r\n\r\n") << defaults << malformed
                              << QStringLiteral("no colon");
    QTest::newRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nX-A: a\r\n b\r\n\r\n") << defaults << malformed
                              << QStringLiteral("line folding");
    QTest::newRow("obs-fold with HTAB") << QByteArray("GET / HTTP/1.1\r\nX-A: a\n\tb\n\n") << defaults << malformed
                                        << QStringLiteral("line folding");
    QTest::newRow("folded Transfer-Encoding")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding:\r\n chunked\r\nContent-Length: 3\r\n\r\nabc")
        << defaults << malformed << QStringLiteral("line folding");
    QTest::newRow("first header line folded") << QByteArray("GET / HTTP/1.1\r\n Host: a\r\n\r\n") << defaults
                                              << malformed << QStringLiteral("line folding");
    QTest::newRow("control in value") << bytes("GET / HTTP/1.1\r\nX-A: a\x01z\r\n\r\n") << defaults << malformed
                                      << QStringLiteral("control character");
    QTest::newRow("NUL in value") << bytes("GET / HTTP/1.1\r\nX-A: a\0z\r\n\r\n") << defaults << malformed
                                  << QStringLiteral("control character");
    QTest::newRow("DEL in value") << bytes("GET / HTTP/1.1\r\nX-A: a\x7fz\r\n\r\n") << defaults << malformed
                                  << QStringLiteral("control character");
    QTest::newRow("bare CR in value") << QByteArray("GET / HTTP/1.1\r\nX-A: a\rb\r\n\r\n") << defaults << malformed
                                      << QStringLiteral("CR is not followed");

    // Framing headers.
    QTest::newRow("Content-Length and Transfer-Encoding")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n") << defaults
        << malformed << QStringLiteral("both Content-Length and Transfer-Encoding");
    QTest::newRow("Transfer-Encoding and Content-Length")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n") << defaults
        << malformed << QStringLiteral("both Content-Length and Transfer-Encoding");
    QTest::newRow("Content-Length values differ")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd") << defaults
        << malformed << QStringLiteral("values differ");
    const QList<QByteArray> badLengths{"abc", "-1", "+5", "5 5", "0x10", "", "5,5", "5, 5", "1e3", "٣"};
    for (const QByteArray &length : badLengths) {
        QTest::addRow("Content-Length \"%s\"", length.constData())
            << QByteArray("POST / HTTP/1.1\r\nContent-Length: " + length + "\r\n\r\n") << defaults << malformed
            << QStringLiteral("Content-Length is not a number");
    }
    QTest::newRow("Content-Length overflows")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n") << defaults << malformed
        << QStringLiteral("too large to represent");
    const QList<QByteArray> badEncodings{"gzip", "gzip, chunked", "chunked, chunked", "identity", "", "chunked;q=1"};
    for (const QByteArray &encoding : badEncodings) {
        QTest::addRow("Transfer-Encoding \"%s\"", encoding.constData())
            << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: " + encoding + "\r\n\r\n") << defaults
            << notImplemented << QStringLiteral("only Transfer-Encoding: chunked");
    }
    QTest::newRow("Transfer-Encoding twice")
        << QByteArray("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n")
        << defaults << notImplemented << QStringLiteral("only Transfer-Encoding: chunked");

    // Chunk framing.
    const QList<QByteArray> badSizes{"z", "", " 5", "5 ", "0x5", "-1", "5\t;a"};
    for (const QByteArray &size : badSizes) {
        QTest::addRow("chunk size \"%s\"", size.constData())
            << QByteArray(chunkedHead + size + "\r\nhello\r\n0\r\n\r\n") << defaults << malformed
            << QStringLiteral("not a hexadecimal number");
    }
    QTest::newRow("chunk-size line with bare LF") << QByteArray(chunkedHead + "5\nhello\r\n0\r\n\r\n") << defaults
                                                  << malformed << QStringLiteral("does not end with CRLF");
    QTest::newRow("chunk extension with bare LF")
        << QByteArray(chunkedHead + "5;a\nhello\r\n0\r\n\r\n") << defaults << malformed
        << QStringLiteral("does not end with CRLF");
    QTest::newRow("chunk-size line CR without LF") << QByteArray(chunkedHead + "5\rXhello\r\n0\r\n\r\n") << defaults
                                                   << malformed << QStringLiteral("CR is not followed");
    QTest::newRow("control in chunk extension") << bytes("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                         "5;a\x01z\r\nhello\r\n0\r\n\r\n")
                                                << defaults << malformed
                                                << QStringLiteral("chunk extension contains a control");
    QTest::newRow("oversized chunk-size line")
        << QByteArray(chunkedHead + "5;" + QByteArray(2000, 'a') + "\r\nhello\r\n0\r\n\r\n") << defaults << malformed
        << QStringLiteral("chunk-size line is longer than 1024 bytes");
    QTest::newRow("no CRLF after chunk data") << QByteArray(chunkedHead + "5\r\nhelloX\r\n0\r\n\r\n") << defaults
                                              << malformed << QStringLiteral("not followed by CRLF");
    QTest::newRow("bare LF after chunk data") << QByteArray(chunkedHead + "5\r\nhello\n10\r\n") << defaults
                                              << malformed << QStringLiteral("not followed by CRLF");
    QTest::newRow("CR without LF after chunk data") << QByteArray(chunkedHead + "5\r\nhello\r0\r\n\r\n") << defaults
                                                    << malformed << QStringLiteral("not followed by CRLF");
    // Qt 6.4.2's server reads exactly two bytes after the last chunk and
    // parses whatever follows as the next request: a trailer field is a
    // request smuggled past the guard.
    QTest::newRow("trailer field") << QByteArray(chunkedHead + "0\r\nX-T: 1\r\n\r\n") << defaults << malformed
                                   << QStringLiteral("trailers are not accepted");
    QTest::newRow("request smuggled in a trailer")
        << QByteArray(chunkedHead + "0\r\nXXGET: /v1/admin HTTP/1.1\r\n\r\n") << defaults << malformed
        << QStringLiteral("trailers are not accepted");
    QTest::newRow("bare LF after the last chunk") << QByteArray(chunkedHead + "0\r\n\nGET / HTTP/1.1\r\n\r\n")
                                                  << defaults << malformed
                                                  << QStringLiteral("trailers are not accepted");
    QTest::newRow("CR without LF after the last chunk") << QByteArray(chunkedHead + "0\r\n\rX") << defaults
                                                        << malformed << QStringLiteral("trailers are not accepted");

    // Limits.
    QTest::newRow("101 headers") << QByteArray("GET / HTTP/1.1\r\n" + QByteArray("X-A: 1\r\n").repeated(101) + "\r\n")
                                 << defaults << QStringLiteral("HeaderTooLarge")
                                 << QStringLiteral("more than 100 header fields");
    QTest::newRow("50 MB Content-Length")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 52428800\r\n\r\n") << defaults
        << QStringLiteral("BodyTooLarge") << QStringLiteral("Content-Length exceeds the limit of 1048576 bytes");
    QTest::newRow("chunk size beyond any integer")
        << QByteArray(chunkedHead + "ffffffffffffffffffffffffffffffff\r\n") << defaults
        << QStringLiteral("BodyTooLarge") << QStringLiteral("chunked body exceeds");
}

void HttpRequestFramerTest::rejects()
{
    QFETCH(QByteArray, input);
    QFETCH(Limits, limits);
    QFETCH(QString, failure);
    QFETCH(QString, reason);

    HttpRequestFramer framer(limits);
    const std::vector<Event> events = framer.feed(input);
    QVERIFY(!events.empty());
    const Event &last = events.back();
    QCOMPARE(last.kind, Kind::Failed);
    QCOMPARE(failureName(last.failure), failure);
    QVERIFY2(last.reason.contains(reason), qPrintable(last.reason));
    for (std::size_t i = 0; i + 1 < events.size(); ++i)
        QVERIFY(events[i].kind != Kind::Failed);
    QVERIFY(framer.failed());
    QCOMPARE(framer.completedMessages(), 0);
    QCOMPARE(feedByteByByte(input, limits), feedWhole(input, limits));
    QVERIFY(framer.feed(kGet).empty());
}

void HttpRequestFramerTest::headerTooLargeBySizeBeforeEndOfBlock()
{
    // An endless header value: the guard must hear about it once the
    // budget is spent, not when (if ever) the line ends.
    Limits limits;
    limits.maxHeaderBytes = 4096;
    HttpRequestFramer framer(limits);
    const QByteArray start = "GET / HTTP/1.1\r\nX-Endless: ";
    QVERIFY(framer.feed(start).size() == 1);
    qint64 fed = start.size();
    const QByteArray filler(100, 'a');
    std::vector<Event> events;
    while (events.empty() && fed < 100000) {
        events = framer.feed(filler);
        fed += filler.size();
    }
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(events[0].kind, Kind::Failed);
    QCOMPARE(events[0].failure, Failure::HeaderTooLarge);
    // The failing byte is the one that makes the block limit + 1 bytes long.
    QCOMPARE(fed - filler.size() + events[0].offset + 1, limits.maxHeaderBytes + 1);
    QCOMPARE(events[0].head.method, QByteArray("GET"));
}

void HttpRequestFramerTest::headerTooLargeByCountBeforeEndOfBlock()
{
    Limits limits;
    limits.maxHeaderCount = 10;
    HttpRequestFramer framer(limits);
    QCOMPARE(framer.feed("GET / HTTP/1.1\r\n").size(), std::size_t(1));
    for (int i = 0; i < 10; ++i)
        QVERIFY(framer.feed("X-A: 1\r\n").empty());
    const std::vector<Event> events = framer.feed("X-A: 1\r\n");
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(events[0].failure, Failure::HeaderTooLarge);
    QCOMPARE(events[0].offset, 7); // the LF that completes the eleventh field
    QVERIFY(events[0].reason.contains(QStringLiteral("more than 10 header fields")));
}

void HttpRequestFramerTest::headerLimitIsInclusive_data()
{
    QTest::addColumn<QByteArray>("lineEnd");
    QTest::newRow("CRLF") << QByteArray("\r\n");
    QTest::newRow("LF") << QByteArray("\n");
}

void HttpRequestFramerTest::headerLimitIsInclusive()
{
    QFETCH(QByteArray, lineEnd);
    Limits limits;
    limits.maxHeaderBytes = 200;
    const QByteArray prefix = "GET / HTTP/1.1" + lineEnd + "X-Pad: ";
    const QByteArray suffix = lineEnd + lineEnd;
    const QByteArray exact = prefix + QByteArray(200 - prefix.size() - suffix.size(), 'p') + suffix;
    QCOMPARE(exact.size(), 200);
    QCOMPARE(kindsOf(exact, limits).size(), 3);
    QCOMPARE(kindsOf(exact, limits).last(), QStringLiteral("complete"));

    const QByteArray over = prefix + QByteArray(201 - prefix.size() - suffix.size(), 'p') + suffix;
    HttpRequestFramer framer(limits);
    const std::vector<Event> events = framer.feed(over);
    QCOMPARE(events.back().failure, Failure::HeaderTooLarge);
    QCOMPARE(events.back().offset, 200); // the block's last byte, before the head completes
}

void HttpRequestFramerTest::leadingEmptyLinesCountTowardHeaderLimit()
{
    Limits limits;
    limits.maxHeaderBytes = 1000;
    HttpRequestFramer framer(limits);
    std::vector<Event> events;
    qint64 fed = 0;
    while (events.empty() && fed < 10000) {
        events = framer.feed("\r\n");
        fed += 2;
    }
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(events[0].failure, Failure::HeaderTooLarge);
    QCOMPARE(fed, 1002);
    QVERIFY(!framer.inMessage());

    // Empty lines before a request share its budget.
    const QByteArray request = "GET / HTTP/1.1\r\n\r\n";
    QCOMPARE(kindsOf(QByteArray(1000 - request.size(), '\n') + request, limits).last(), QStringLiteral("complete"));
    QCOMPARE(kindsOf(QByteArray(1001 - request.size(), '\n') + request, limits).last().left(21),
             QStringLiteral("failed HeaderTooLarge"));
    // ... but the budget starts again with each pipelined request.
    const QByteArray big = "GET / HTTP/1.1\r\nX-Pad: " + QByteArray(900, 'p') + "\r\n\r\n";
    QCOMPARE(kindsOf(big + big + big, limits).count(QStringLiteral("complete")), 3);
}

void HttpRequestFramerTest::limitsNeverExceedTheServers()
{
    // Past 100 fields (or 100 KiB in one field) Qt 6.4.2's header parser
    // drops every header, Content-Length included, and reads the body as
    // the next request: the framer must refuse before that, whatever the
    // configuration says.
    Limits generous;
    generous.maxHeaderBytes = 1024 * 1024;
    generous.maxHeaderCount = 1000;

    const QByteArray manyFields = "GET / HTTP/1.1\r\n" + QByteArray("X-A: 1\r\n").repeated(101) + "\r\n";
    const QStringList many = kindsOf(manyFields, generous);
    QVERIFY2(many.last().startsWith(QStringLiteral("failed HeaderTooLarge")), qPrintable(many.last()));
    QVERIFY(many.last().contains(QStringLiteral("more than 100 header fields")));

    const QByteArray bigField = "GET / HTTP/1.1\r\nX-Big: " + QByteArray(100 * 1024, 'v') + "\r\n\r\n";
    const QStringList big = kindsOf(bigField, generous);
    QVERIFY2(big.last().startsWith(QStringLiteral("failed HeaderTooLarge")), qPrintable(big.last()));
    QCOMPARE(HttpRequestFramer::kServerMaxHeaderBytes, 64 * 1024);

    const QByteArray withinServer = "GET / HTTP/1.1\r\nX-Big: " + QByteArray(60 * 1024, 'v') + "\r\n\r\n";
    QCOMPARE(kindsOf(withinServer, generous).last(), QStringLiteral("complete"));
}

void HttpRequestFramerTest::hugeContentLengthFailsAtEndOfHead()
{
    const QByteArray head = "POST /v1/authorize HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\n"
                            "Content-Length: 52428800\r\n\r\n";
    HttpRequestFramer framer;
    const std::vector<Event> events = framer.feed(head);
    // No HeadComplete: the guard must not answer "100 Continue" to it.
    QCOMPARE(events.size(), std::size_t(2));
    QCOMPARE(events[0].kind, Kind::MessageBegin);
    QCOMPARE(events[1].kind, Kind::Failed);
    QCOMPARE(events[1].failure, Failure::BodyTooLarge);
    QCOMPARE(events[1].offset, head.size() - 1);
    QCOMPARE(events[1].head.contentLength, 52428800);
    QCOMPARE(events[1].head.target, QByteArray("/v1/authorize"));
    QVERIFY(!framer.inBody());
    QCOMPARE(framer.bodyBytesReceived(), 0);
    QVERIFY(framer.feed(QByteArray(64 * 1024, 'x')).empty());
    QCOMPARE(framer.bodyBytesReceived(), 0);
}

void HttpRequestFramerTest::contentLengthAtLimitIsAccepted()
{
    Limits limits;
    limits.maxBodyBytes = 1000;
    const QByteArray atLimit = "POST / HTTP/1.1\r\nContent-Length: 1000\r\n\r\n" + QByteArray(1000, 'b');
    QCOMPARE(kindsOf(atLimit, limits), strings({"begin", "head POST / HTTP/1.1 cl=1000 keep-alive", "complete"}));
    const QByteArray overLimit = "POST / HTTP/1.1\r\nContent-Length: 1001\r\n\r\n";
    QVERIFY(kindsOf(overLimit, limits).last().startsWith(QStringLiteral("failed BodyTooLarge")));
}

void HttpRequestFramerTest::chunkedBodyTooLargeWhileStreaming()
{
    // A 50 MB chunked upload in 64 KiB chunks, arriving in 1500-byte
    // segments: refused as soon as the chunk that crosses 1 MiB is announced.
    HttpRequestFramer framer;
    const QByteArray head = "POST /v1/authorize HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    const QByteArray oneChunk = chunk(QByteArray(64 * 1024, 'c'));
    QByteArray stream = head;
    while (stream.size() < 20 * oneChunk.size())
        stream += oneChunk;

    qint64 position = 0;
    std::optional<Event> failure;
    qint64 failedAt = -1;
    while (!failure && position < stream.size()) {
        const qint64 size = std::min<qint64>(1500, stream.size() - position);
        for (const Event &event : framer.feed(QByteArrayView(stream).sliced(position, size))) {
            if (event.kind == Kind::Failed) {
                failure = event;
                failedAt = position + event.offset;
            }
        }
        position += size;
    }
    QVERIFY(failure.has_value());
    QCOMPARE(failure->failure, Failure::BodyTooLarge);
    QCOMPARE(framer.bodyBytesReceived(), 1024 * 1024);
    // The LF of the seventeenth chunk-size line.
    QCOMPARE(failedAt, head.size() + 16 * oneChunk.size() + QByteArray("10000\r\n").size() - 1);
    QVERIFY(framer.inBody());
}

void HttpRequestFramerTest::chunkedBodyAtLimitIsAccepted()
{
    Limits limits;
    limits.maxBodyBytes = 10;
    const QByteArray head = "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    QCOMPARE(kindsOf(head + chunk("12345") + chunk("67890") + "0\r\n\r\n", limits).last(),
             QStringLiteral("complete"));
    QVERIFY(kindsOf(head + chunk("12345") + chunk("678901"), limits).last().startsWith(
        QStringLiteral("failed BodyTooLarge")));
}

void HttpRequestFramerTest::keepAlive_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("keepAlive");
    QTest::newRow("1.1 default") << QByteArray("GET / HTTP/1.1\r\n\r\n") << true;
    QTest::newRow("1.1 close") << QByteArray("GET / HTTP/1.1\r\nConnection: close\r\n\r\n") << false;
    QTest::newRow("1.1 Close, mixed case") << QByteArray("GET / HTTP/1.1\r\nconnection: Upgrade, CLOSE\r\n\r\n")
                                           << false;
    QTest::newRow("1.1 keep-alive") << QByteArray("GET / HTTP/1.1\r\nConnection: keep-alive\r\n\r\n") << true;
    QTest::newRow("1.0 default") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
    QTest::newRow("1.0 keep-alive") << QByteArray("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n") << true;
    QTest::newRow("1.0 keep-alive in a list") << QByteArray("GET / HTTP/1.0\r\nConnection: foo , keep-alive\r\n\r\n")
                                              << true;
    QTest::newRow("1.0 keep-alive and close")
        << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n") << false;
    QTest::newRow("1.0 keep-alive as another header's value") << QByteArray("GET / HTTP/1.0\r\nX-C: keep-alive\r\n\r\n")
                                                              << false;
}

void HttpRequestFramerTest::keepAlive()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, keepAlive);
    HttpRequestFramer framer;
    const std::vector<Event> events = framer.feed(input);
    QCOMPARE(events.size(), std::size_t(3));
    QCOMPARE(events[1].kind, Kind::HeadComplete);
    QCOMPARE(events[1].head.keepAlive, keepAlive);
}

void HttpRequestFramerTest::expectContinue_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("expectContinue");
    QTest::newRow("none") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\n\r\n") << false;
    QTest::newRow("100-continue")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nExpect: 100-continue\r\n\r\n") << true;
    QTest::newRow("case-insensitive")
        << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nexpect:  100-Continue \r\n\r\n") << true;
    QTest::newRow("other expectation") << QByteArray("POST / HTTP/1.1\r\nContent-Length: 1\r\nExpect: 200-ok\r\n\r\n")
                                       << false;
    QTest::newRow("ignored in HTTP/1.0")
        << QByteArray("POST / HTTP/1.0\r\nContent-Length: 1\r\nExpect: 100-continue\r\n\r\n") << false;
}

void HttpRequestFramerTest::expectContinue()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, expectContinue);
    HttpRequestFramer framer;
    const std::vector<Event> events = framer.feed(input);
    QCOMPARE(events.size(), std::size_t(2));
    QCOMPARE(events[1].kind, Kind::HeadComplete);
    QCOMPARE(events[1].head.expectContinue, expectContinue);
    QVERIFY(framer.inBody());
    const std::vector<Event> rest = framer.feed("x");
    QCOMPARE(rest.size(), std::size_t(1));
    QCOMPARE(rest[0].kind, Kind::MessageComplete);
}

void HttpRequestFramerTest::upgrade_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("upgrade");
    QTest::newRow("plain") << QByteArray("GET / HTTP/1.1\r\nConnection: keep-alive\r\n\r\n") << false;
    QTest::newRow("websocket") << QByteArray("GET /ws HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n")
                               << true;
    QTest::newRow("Upgrade without Connection") << QByteArray("GET / HTTP/1.1\r\nupgrade: h2c\r\n\r\n") << true;
    QTest::newRow("CONNECT") << QByteArray("CONNECT gw.example:443 HTTP/1.1\r\nHost: gw.example:443\r\n\r\n") << true;
    QTest::newRow("connect is another method") << QByteArray("connect / HTTP/1.1\r\n\r\n") << false;
}

void HttpRequestFramerTest::upgrade()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, upgrade);
    HttpRequestFramer framer;
    const std::vector<Event> events = framer.feed(input);
    QCOMPARE(events.size(), std::size_t(3));
    QCOMPARE(events[1].kind, Kind::HeadComplete);
    QCOMPARE(events[1].head.upgrade, upgrade);
}

void HttpRequestFramerTest::stateFollowsTheMessage()
{
    HttpRequestFramer framer;
    QVERIFY(!framer.inMessage());
    QVERIFY(framer.feed("\r\n").empty());
    QVERIFY(!framer.inMessage()); // an empty line is not a request yet

    QCOMPARE(framer.feed("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r").size(), std::size_t(1));
    QVERIFY(framer.inMessage());
    QVERIFY(!framer.inBody());
    QCOMPARE(framer.feed("\n\r\n").size(), std::size_t(1));
    QVERIFY(framer.inBody());
    QVERIFY(framer.feed("3\r\nab").empty());
    QCOMPARE(framer.bodyBytesReceived(), 2);
    QVERIFY(framer.feed("c\r\n0\r\n").empty());
    QCOMPARE(framer.bodyBytesReceived(), 3);
    QVERIFY(framer.inBody()); // the empty line after the last chunk is still to come
    const std::vector<Event> done = framer.feed("\r\nGET");
    QCOMPARE(done.size(), std::size_t(2));
    QCOMPARE(done[0].kind, Kind::MessageComplete);
    QCOMPARE(done[0].offset, 2);
    QCOMPARE(done[1].kind, Kind::MessageBegin);
    QCOMPARE(done[1].offset, 2);
    QCOMPARE(framer.completedMessages(), 1);
    QVERIFY(framer.inMessage());
    QVERIFY(!framer.inBody());
    QCOMPARE(framer.bodyBytesReceived(), 0);
    QCOMPARE(framer.feed(" / HTTP/1.1\r\n\r\n").size(), std::size_t(2));
    QCOMPARE(framer.completedMessages(), 2);
    QVERIFY(!framer.inMessage());
    QVERIFY(!framer.failed());
}

void HttpRequestFramerTest::failedStaysFailed()
{
    HttpRequestFramer framer;
    const std::vector<Event> events = framer.feed(QByteArray("GET / HTTP/9.9\r\n\r\n" + kGet));
    QCOMPARE(events.size(), std::size_t(2));
    QCOMPARE(events[1].kind, Kind::Failed);
    QCOMPARE(events[1].offset, 15); // the LF that ends the bad request line
    QVERIFY(framer.failed());
    for (int i = 0; i < 3; ++i) {
        QVERIFY(framer.feed(kGet).empty());
        QVERIFY(framer.failed());
        QCOMPARE(framer.completedMessages(), 0);
    }
}

QTEST_GUILESS_MAIN(HttpRequestFramerTest)
#include "HttpRequestFramerTest.moc"
