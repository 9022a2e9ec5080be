// Limits of the real gateway as a hostile or careless client meets them.
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"

#include <QElapsedTimer>
#include <QTcpSocket>
#include <QtTest>

#include <csignal>

using namespace aegis::test;

namespace {

constexpr qint64 FiftyMiB = 50 * 1024 * 1024;

// Sends `head` and then up to `bodyBytes` of body in 64 KiB pieces, reading
// the answer as soon as one arrives. Returns the answer.
HttpTestResponse pushBody(quint16 port, const QByteArray &head, qint64 bodyBytes, bool chunked, qint64 *sent)
{
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return {};
    socket.write(head);
    const QByteArray piece(64 * 1024, 'x');
    *sent = 0;
    while (*sent < bodyBytes && socket.state() == QAbstractSocket::ConnectedState) {
        if (chunked)
            socket.write(QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n");
        else
            socket.write(piece);
        *sent += piece.size();
        socket.waitForBytesWritten(2000);
        if (socket.bytesAvailable() > 0 || socket.waitForReadyRead(0))
            break;
    }
    return HttpTestClient::readResponse(socket, false, 10000);
}

} // namespace

class HttpLimitsTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDir> dir;
    std::unique_ptr<GatewayProcess> gateway;

private Q_SLOTS:
    void initTestCase()
    {
        dir = std::make_unique<ScratchDir>(QStringLiteral("limits"));
        gateway = std::make_unique<GatewayProcess>(dir->path());
        gateway->setEnv(QStringLiteral("AEGIS_IDLE_TIMEOUT"), QStringLiteral("1s"));
        gateway->setEnv(QStringLiteral("AEGIS_HEADER_TIMEOUT"), QStringLiteral("1s"));
        QVERIFY2(gateway->start(), qPrintable(gateway->lastError()));
        QCOMPARE(gateway->client().get(QStringLiteral("/health")).status, 200);
    }

    void fiftyMegabyteBodyIsRefusedWithoutBeingBuffered_data()
    {
        QTest::addColumn<bool>("chunked");
        QTest::newRow("content-length") << false;
        QTest::newRow("chunked") << true;
    }

    void fiftyMegabyteBodyIsRefusedWithoutBeingBuffered()
    {
        QFETCH(bool, chunked);
        const qint64 before = gateway->residentKiB();
        QVERIFY(before > 0);
        const QByteArray head = chunked
            ? QByteArray("POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
            : QByteArray("POST /health HTTP/1.1\r\nHost: x\r\nContent-Length: ") + QByteArray::number(FiftyMiB)
                + "\r\n\r\n";
        qint64 sent = 0;
        QElapsedTimer clock;
        clock.start();
        const HttpTestResponse response = pushBody(gateway->port(), head, FiftyMiB, chunked, &sent);
        QCOMPARE(response.status, 413);
        QCOMPARE(response.json().value(QStringLiteral("error")).toString(), QStringLiteral("payload_too_large"));
        QCOMPARE(response.header("connection"), QByteArray("close"));
        const qint64 after = gateway->residentKiB();
        qInfo("sent %lld bytes before the answer, %lld ms; RSS %lld KiB -> %lld KiB", sent,
              static_cast<long long>(clock.elapsed()), before, after);
        // Growth by anything near the body's size would mean it was buffered.
        QVERIFY2(after - before < 10 * 1024, qPrintable(QStringLiteral("RSS grew by %1 KiB").arg(after - before)));
        QCOMPARE(gateway->client().get(QStringLiteral("/health")).status, 200);
    }

    void idleConnectionIsClosedByTheGateway()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, gateway->port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n");
        QCOMPARE(HttpTestClient::readResponse(socket, false, 5000).status, 200);
        QElapsedTimer idle;
        idle.start();
        QVERIFY(socket.waitForDisconnected(5000));
        QVERIFY2(idle.elapsed() >= 800, qPrintable(QString::number(idle.elapsed())));
    }

    void slowDripHeadersAre408()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, gateway->port());
        QVERIFY(socket.waitForConnected(5000));
        const QByteArray request = "GET /livez HTTP/1.1\r\nHost: x\r\nX-Slow: ";
        // One byte every 200 ms keeps an idle timer alive forever; the
        // header deadline does not care.
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < request.size() && socket.state() == QAbstractSocket::ConnectedState; ++i) {
            socket.write(request.mid(i, 1));
            socket.waitForBytesWritten(1000);
            if (socket.waitForReadyRead(200))
                break;
        }
        const HttpTestResponse response = HttpTestClient::readResponse(socket, false, 5000);
        QCOMPARE(response.status, 408);
        QVERIFY(clock.elapsed() < 5000);
    }

    void oversizedHeaderIs431()
    {
        const HttpTestResponse response = gateway->client().get(
            QStringLiteral("/health"), {{"X-Filler", QByteArray(64 * 1024, 'f')}});
        QCOMPARE(response.status, 431);
    }

    void malformedRequestIs400()
    {
        const HttpTestResponse response = gateway->client().raw("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n");
        QCOMPARE(response.status, 400);
        QCOMPARE(response.json().value(QStringLiteral("error")).toString(), QStringLiteral("bad_request"));
    }

    void cleanupTestCase()
    {
        QCOMPARE(gateway->stop(SIGTERM), 0);
    }
};

QTEST_GUILESS_MAIN(HttpLimitsTest)
#include "HttpLimitsTest.moc"
