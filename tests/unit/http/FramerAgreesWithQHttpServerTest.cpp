// The framer's reason to exist is that the connection guard and QHttpServer
// must agree on where every request ends. This test holds the framer to
// that against the QHttpServer this build links: whenever the framer
// accepts a stream, a real server on loopback must answer exactly the
// requests the framer found, with the same body sizes, and nothing more
// (one answer too many is a smuggled request). The hostile streams are ones
// this server mis-frames; the framer passes only by refusing them.
#include "gateway/http/HttpRequestFramer.h"

#include <QDir>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QTcpSocket>
#include <QtTest>

using aegis::HttpRequestFramer;
using Kind = HttpRequestFramer::Event::Kind;

namespace {

// Body sizes of the requests the framer completes, or nullopt when it does
// not accept the whole stream (then the server's view does not matter: the
// guard refuses the connection). The limits asked for are the most lenient
// possible; the framer lowers them to what it considers safe, and that is
// what is tested.
std::optional<QList<qint64>> framedBodies(const QByteArray &stream)
{
    HttpRequestFramer::Limits lenient;
    lenient.maxHeaderBytes = 1024 * 1024 * 1024;
    lenient.maxHeaderCount = 100000;
    HttpRequestFramer framer(lenient);
    QList<qint64> bodies;
    for (qsizetype i = 0; i < stream.size(); ++i) {
        for (const auto &event : framer.feed(QByteArrayView(stream).sliced(i, 1))) {
            if (event.kind == Kind::HeadComplete && event.head.upgrade)
                return std::nullopt; // refused by the guard
            if (event.kind == Kind::MessageComplete)
                bodies << framer.bodyBytesReceived();
        }
    }
    if (framer.failed() || framer.inMessage())
        return std::nullopt;
    return bodies;
}

// Splits raw HTTP/1.1 responses; each body is the request body size the
// server's handler saw.
QList<qint64> answeredBodies(QByteArray &buffer)
{
    QList<qint64> bodies;
    while (true) {
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            break;
        const QByteArray head = buffer.left(headEnd).toLower();
        const qsizetype field = head.indexOf("content-length:");
        qint64 length = 0;
        if (field >= 0) {
            const qsizetype lineEnd = head.indexOf("\r\n", field);
            length = head.mid(field + 15, lineEnd < 0 ? -1 : lineEnd - field - 15).trimmed().toLongLong();
        }
        if (buffer.size() < headEnd + 4 + length)
            break;
        const QByteArray body = buffer.mid(headEnd + 4, length);
        bodies << (head.startsWith("http/1.") && head.mid(9, 3) == "200" ? body.toLongLong() : -1);
        buffer.remove(0, headEnd + 4 + length);
    }
    return bodies;
}

const QByteArray kGet = "GET /v1/version HTTP/1.1\r\nHost: localhost\r\n\r\n";
const QByteArray kPost = "POST /v1/authorize HTTP/1.1\r\nHost: localhost\r\nContent-Length: 16\r\n\r\n"
                         "{\"tool\":\"shell\"}";
const QByteArray kChunked = "POST /v1/authorize HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                            "5;name=value\r\nhello\r\n7;a;b=\"q s\"\r\n, world\r\n0;last\r\n\r\n";

} // namespace

class FramerAgreesWithQHttpServerTest : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void serverSeesTheSameRequests_data();
    void serverSeesTheSameRequests();

private:
    QHttpServer m_server;
    quint16 m_port = 0;
};

void FramerAgreesWithQHttpServerTest::initTestCase()
{
    m_server.route(QStringLiteral(".*"), [](const QHttpServerRequest &request) {
        return QHttpServerResponse(QByteArray::number(request.body().size()));
    });
    m_port = m_server.listen(QHostAddress::LocalHost, 0);
    QVERIFY(m_port != 0);
}

void FramerAgreesWithQHttpServerTest::serverSeesTheSameRequests_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<bool>("accepted"); // by the framer; false: it may refuse

    QTest::newRow("GET") << kGet << true;
    QTest::newRow("POST with Content-Length") << kPost << true;
    QTest::newRow("chunked with extensions") << kChunked << true;
    QTest::newRow("bare LF") << QByteArray("POST /x HTTP/1.1\nHost: a\nContent-Length: 3\n\nabc") << true;
    QTest::newRow("bare LF head, chunked body")
        << QByteArray("POST /x HTTP/1.1\nTransfer-Encoding: chunked\n\n3\r\nabc\r\n0\r\n\r\n") << true;
    QTest::newRow("leading empty lines") << QByteArray("\r\n\n" + kGet) << true;
    QTest::newRow("Content-Length: 0") << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 0\r\n\r\n") << true;
    QTest::newRow("same Content-Length twice")
        << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 2\r\nContent-Length: 02\r\n\r\nab") << true;
    QTest::newRow("padded values") << QByteArray("POST /x HTTP/1.1\r\ncontent-LENGTH:\t 3 \t\r\n\r\nabc") << true;
    QTest::newRow("uppercase hex, zero-padded")
        << QByteArray("POST /x HTTP/1.1\r\nTransfer-Encoding: Chunked\r\n\r\n000A\r\n0123456789\r\n0\r\n\r\n")
        << true;
    QTest::newRow("100 header fields")
        << QByteArray("POST /x HTTP/1.1\r\n" + QByteArray("X-A: 1\r\n").repeated(99) + "Content-Length: 1\r\n\r\nz")
        << true;
    QTest::newRow("60 KiB header field, near the framer's ceiling")
        << QByteArray("POST /x HTTP/1.1\r\nX-Big: " + QByteArray(60 * 1024, 'v') + "\r\nContent-Length: 1\r\n\r\nz")
        << true;
    QTest::newRow("pipelined") << QByteArray(kPost + kChunked + "\r\n" + kGet) << true;

    // Streams this server frames differently from what they mean.
    const QByteArray chunkedHead = "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
    const QByteArray smuggled = "GET /smuggled HTTP/1.1\r\n\r\n";
    const QByteArray smuggledLength = "Content-Length: " + QByteArray::number(smuggled.size()) + "\r\n\r\n";
    QTest::newRow("hostile: trailer field") << QByteArray(chunkedHead + "0\r\nX-T: 1\r\n\r\n") << false;
    QTest::newRow("hostile: request in a trailer")
        << QByteArray(chunkedHead + "0\r\nXXGET: /smuggled HTTP/1.1\r\n\r\n") << false;
    QTest::newRow("hostile: bare LF after chunk data")
        << QByteArray(chunkedHead + "5\r\nhello\n5\r\nworld\r\n0\r\n\r\n") << false;
    QTest::newRow("hostile: bare LF after the last chunk")
        << QByteArray(chunkedHead + "0\r\n\n" + smuggled) << false;
    QTest::newRow("hostile: unparsable chunk size") << QByteArray(chunkedHead + "zz\r\n" + smuggled) << false;
    QTest::newRow("hostile: header line without colon")
        << QByteArray("POST /x HTTP/1.1\r\nNoColon\r\n" + smuggledLength + smuggled) << false;
    QTest::newRow("hostile: 101 header fields")
        << QByteArray("POST /x HTTP/1.1\r\n" + QByteArray("X-A: 1\r\n").repeated(101) + smuggledLength + smuggled)
        << false;
    QTest::newRow("hostile: 100 KiB header field")
        << QByteArray("POST /x HTTP/1.1\r\nX-Big: " + QByteArray(100 * 1024, 'v') + "\r\n" + smuggledLength
                      + smuggled)
        << false;
    QTest::newRow("hostile: Content-Length and chunked")
        << QByteArray("POST /x HTTP/1.1\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
                      + smuggled)
        << false;

    // Every stream of the committed fuzz corpus that the framer accepts.
    const QDir corpus(QStringLiteral(AEGIS_SOURCE_DIR "/tests/fuzz/http/corpus"));
    const QStringList names = corpus.entryList(QDir::Files, QDir::Name);
    QVERIFY(!names.isEmpty());
    for (const QString &name : names) {
        QFile file(corpus.filePath(name));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QTest::addRow("corpus %s", qPrintable(name)) << file.readAll() << false;
    }
}

void FramerAgreesWithQHttpServerTest::serverSeesTheSameRequests()
{
    QFETCH(QByteArray, stream);
    QFETCH(bool, accepted);
    const std::optional<QList<qint64>> framed = framedBodies(stream);
    if (accepted)
        QVERIFY2(framed.has_value(), "the framer refuses this stream");
    if (!framed)
        return; // refused: the guard closes the connection before the server matters
    QVERIFY(!framed->isEmpty());

    QTcpSocket client;
    QByteArray received;
    QList<qint64> answered;
    connect(&client, &QTcpSocket::readyRead, this, [&] {
        received += client.readAll();
        answered += answeredBodies(received);
    });
    client.connectToHost(QHostAddress::LocalHost, m_port);
    QTRY_VERIFY_WITH_TIMEOUT(client.state() == QAbstractSocket::ConnectedState, 10000);
    client.write(stream);
    QTRY_VERIFY_WITH_TIMEOUT(answered.size() >= framed->size(), 10000);
    // A request the framer did not see would be answered after the others.
    QTest::qWait(200);
    QCOMPARE(answered, *framed);
}

QTEST_GUILESS_MAIN(FramerAgreesWithQHttpServerTest)
#include "FramerAgreesWithQHttpServerTest.moc"
