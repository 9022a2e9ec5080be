// The HTTP layer in process: QHttpServer behind our guard, with routes that
// answer at once, later from a worker, or streamed. Clients run on other
// threads with blocking sockets while this thread serves. Built with the
// asan preset, every test here also proves the absence of use-after-free
// when clients vanish mid-request.
#include "gateway/http/BackgroundRunner.h"
#include "gateway/http/GuardedTcpServer.h"
#include "gateway/http/HttpServer.h"
#include "gateway/http/Router.h"

#include "tests/support/HttpTestClient.h"

#include <QTcpSocket>
#include <QtConcurrent>
#include <QtTest>

#include <atomic>

using namespace aegis;
using aegis::test::HttpTestClient;
using aegis::test::HttpTestResponse;

namespace {

class CountingBody : public ResponseBody
{
public:
    explicit CountingBody(qint64 total) : m_total(total) {}
    qint64 size() const override { return -1; }
    bool read(QByteArray *out, qint64 maxBytes, QString *) override
    {
        const qint64 n = qMin(maxBytes, m_total - m_sent);
        for (qint64 i = 0; i < n; ++i)
            out->append(char('a' + (m_sent + i) % 26));
        m_sent += n;
        return true;
    }

private:
    qint64 m_total;
    qint64 m_sent = 0;
};

template <typename F>
auto onClientThread(F work)
{
    auto future = QtConcurrent::run(work);
    while (!future.isFinished())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    return future.result();
}

} // namespace

class HttpLayerTest : public QObject
{
    Q_OBJECT

private:
    Router router;
    BackgroundRunner runner{4, 64};
    HttpServer *server = nullptr;
    GuardedTcpServer *tcp = nullptr;
    std::atomic<int> slowStarted{0};
    std::atomic<int> slowCancelled{0};
    std::atomic<int> slowFinished{0};

    HttpTestClient client() const { return HttpTestClient(QStringLiteral("127.0.0.1"), tcp->serverPort()); }

    static HttpLimits limits()
    {
        HttpLimits l;
        l.maxBodyBytes = 64 * 1024;
        l.maxHeaderBytes = 4 * 1024;
        l.maxConnections = 20;
        l.idleTimeout = std::chrono::milliseconds(400);
        l.headerTimeout = std::chrono::milliseconds(400);
        l.bodyTimeout = std::chrono::milliseconds(400);
        l.lingerTimeout = std::chrono::milliseconds(300);
        return l;
    }

private Q_SLOTS:
    void initTestCase()
    {
        router.add({"GET"}, QStringLiteral("/sync"), [](const HttpExchange &exchange, const RouteParams &) {
            exchange.respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("ok"), true}}));
        });
        router.add({"POST"}, QStringLiteral("/echo"), [](const HttpExchange &exchange, const RouteParams &) {
            exchange.respond(HttpResponse::json(
                200, QJsonObject{{QStringLiteral("bytes"), qint64(exchange.request().body.size())}}));
        });
        router.add({"GET"}, QStringLiteral("/slow"), [this](const HttpExchange &exchange, const RouteParams &) {
            runner.respondLater(WorkKind::Agent, exchange, [this](const CancellationToken &cancel) {
                ++slowStarted;
                for (int i = 0; i < 100; ++i) {
                    if (cancel.isCancelled()) {
                        ++slowCancelled;
                        return HttpResponse::error(503, QStringLiteral("cancelled"));
                    }
                    QThread::msleep(10);
                }
                ++slowFinished;
                return HttpResponse::json(200, QJsonObject{{QStringLiteral("slow"), true}});
            });
        });
        router.add({"GET"}, QStringLiteral("/stream"), [](const HttpExchange &exchange, const RouteParams &) {
            HttpResponse response;
            response.contentType = "text/plain";
            response.stream = std::make_shared<CountingBody>(1024 * 1024 + 17);
            exchange.respond(response);
        });

        server = new HttpServer(router, this);
        tcp = new GuardedTcpServer(limits(), std::nullopt);
        tcp->setHttpServer(server);
        QVERIFY(tcp->listen(QHostAddress::LocalHost, 0));
        server->bind(tcp);
    }

    void cleanupTestCase()
    {
        runner.shutdown(-1);
    }

    void answersAndErrorShapes()
    {
        const HttpTestResponse ok = onClientThread([this] { return client().get(QStringLiteral("/sync")); });
        QCOMPARE(ok.status, 200);
        QCOMPARE(ok.header("content-type"), QByteArray("application/json"));
        QCOMPARE(ok.json().value(QStringLiteral("ok")).toBool(), true);

        const HttpTestResponse missing = onClientThread([this] { return client().get(QStringLiteral("/nope")); });
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.json().value(QStringLiteral("error")).toString(), QStringLiteral("not_found"));
        QCOMPARE(missing.json().value(QStringLiteral("status")).toInt(), 404);

        const HttpTestResponse wrong = onClientThread([this] { return client().send("DELETE", QStringLiteral("/sync")); });
        QCOMPARE(wrong.status, 405);
        QCOMPARE(wrong.header("allow"), QByteArray("GET, HEAD"));
        QCOMPARE(wrong.json().value(QStringLiteral("error")).toString(), QStringLiteral("method_not_allowed"));
    }

    void headHasNoBody()
    {
        const HttpTestResponse head = onClientThread([this] {
            // Read whatever arrives until the close: a body would show up here.
            return client().raw("HEAD /sync HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", false);
        });
        QCOMPARE(head.status, 200);
        QVERIFY(head.header("content-length").toInt() > 0);
        QVERIFY2(head.body.isEmpty(), head.body.constData());
    }

    void keepAliveServesSeveralRequests()
    {
        const bool ok = onClientThread([this] {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, tcp->serverPort());
            if (!socket.waitForConnected(5000))
                return false;
            for (int i = 0; i < 3; ++i) {
                socket.write("GET /sync HTTP/1.1\r\nHost: x\r\n\r\n");
                if (HttpTestClient::readResponse(socket, false, 5000).status != 200)
                    return false;
            }
            socket.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
            return HttpTestClient::readResponse(socket, false, 5000).json().value(QStringLiteral("bytes")).toInt() == 5;
        });
        QVERIFY(ok);
    }

    void disconnectMidRequestIsSafe()
    {
        const int cancelledBefore = slowCancelled.load();
        onClientThread([this] {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, tcp->serverPort());
            socket.waitForConnected(5000);
            socket.write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            socket.waitForBytesWritten(5000);
            QThread::msleep(100);
            socket.abort();
            return true;
        });
        QTRY_COMPARE_WITH_TIMEOUT(slowCancelled.load(), cancelledBefore + 1, 5000);
        QTRY_COMPARE(runner.active(), 0);
        QTRY_COMPARE(server->inFlight(), 0);
        // The server carries on.
        QCOMPARE(onClientThread([this] { return client().get(QStringLiteral("/sync")); }).status, 200);
    }

    void manyClientsVanishingAtRandomTimes()
    {
        onClientThread([this] {
            QList<QTcpSocket *> sockets;
            for (int i = 0; i < 15; ++i) {
                auto *socket = new QTcpSocket;
                socket->connectToHost(QHostAddress::LocalHost, tcp->serverPort());
                socket->waitForConnected(5000);
                socket->write(i % 3 == 0 ? "GET /stream HTTP/1.1\r\nHost: x\r\n\r\n"
                                         : "GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
                socket->waitForBytesWritten(1000);
                sockets.append(socket);
            }
            for (int i = 0; i < sockets.size(); ++i) {
                QThread::msleep(i * 7 % 60);
                sockets.at(i)->abort();
                delete sockets.at(i);
            }
            return true;
        });
        QTRY_COMPARE_WITH_TIMEOUT(runner.active(), 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(server->inFlight(), 0, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(tcp->activeConnections(), 0, 10000);
    }

    void answerLaterReachesAClientThatWaits()
    {
        const HttpTestResponse slow = onClientThread([this] { return client().get(QStringLiteral("/slow")); });
        QCOMPARE(slow.status, 200);
        QCOMPARE(slow.json().value(QStringLiteral("slow")).toBool(), true);
    }

    void streamedBodyArrivesWhole()
    {
        const HttpTestResponse streamed = onClientThread([this] { return client().get(QStringLiteral("/stream")); });
        QCOMPARE(streamed.status, 200);
        QCOMPARE(streamed.header("transfer-encoding"), QByteArray("chunked"));
        QCOMPARE(streamed.body.size(), 1024 * 1024 + 17);
        QCOMPARE(streamed.body.at(1024 * 1024 + 16), char('a' + (1024 * 1024 + 16) % 26));
    }

    void oversizedBodyIs413AndClosed()
    {
        const HttpTestResponse refused = onClientThread([this] {
            return client().raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n"
                                + QByteArray(100000, 'x'));
        });
        QCOMPARE(refused.status, 413);
        QCOMPARE(refused.json().value(QStringLiteral("error")).toString(), QStringLiteral("payload_too_large"));
        QCOMPARE(refused.header("connection"), QByteArray("close"));
    }

    void oversizedHeadIs431()
    {
        const HttpTestResponse refused = onClientThread([this] {
            return client().raw("GET /sync HTTP/1.1\r\nHost: x\r\nX-Junk: " + QByteArray(8000, 'j') + "\r\n\r\n");
        });
        QCOMPARE(refused.status, 431);
    }

    void pipelinedRequestsInOneSegmentAreRefused()
    {
        const HttpTestResponse refused = onClientThread([this] {
            return client().raw("GET /sync HTTP/1.1\r\nHost: x\r\n\r\nGET /sync HTTP/1.1\r\nHost: x\r\n\r\n");
        });
        QCOMPARE(refused.status, 400);
        QVERIFY(refused.json().value(QStringLiteral("message")).toString().contains(QStringLiteral("pipelined")));
    }

    void requestSentDuringSlowAnswerClosesAfterIt()
    {
        const QList<int> statuses = onClientThread([this] {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, tcp->serverPort());
            socket.waitForConnected(5000);
            socket.write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            socket.waitForBytesWritten(1000);
            QThread::msleep(100);
            socket.write("GET /sync HTTP/1.1\r\nHost: x\r\n\r\n");
            const HttpTestResponse first = HttpTestClient::readResponse(socket, false, 5000);
            const bool closed = first.header("connection") == "close"
                && (socket.state() != QAbstractSocket::ConnectedState || !socket.waitForReadyRead(1000));
            return QList<int>{first.status, closed ? 1 : 0};
        });
        QCOMPARE(statuses.at(0), 200);
        QCOMPARE(statuses.at(1), 1);
    }

    void idleConnectionIsClosed()
    {
        const bool closed = onClientThread([this] {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, tcp->serverPort());
            socket.waitForConnected(5000);
            return socket.waitForDisconnected(3000);
        });
        QVERIFY(closed);
    }

    void slowHeadersGet408()
    {
        const HttpTestResponse slow = onClientThread([this] {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, tcp->serverPort());
            socket.waitForConnected(5000);
            socket.write("GET /sync HTTP/1.1\r\nHo");
            return HttpTestClient::readResponse(socket, false, 5000);
        });
        QCOMPARE(slow.status, 408);
    }

    void expectContinueIsAnswered()
    {
        const QByteArray seen = onClientThread([this] {
            QTcpSocket socket;
            socket.connectToHost(QHostAddress::LocalHost, tcp->serverPort());
            socket.waitForConnected(5000);
            socket.write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nExpect: 100-continue\r\n\r\n");
            if (!socket.waitForReadyRead(3000))
                return QByteArray("no interim answer");
            QByteArray interim = socket.readAll();
            socket.write("abc");
            const HttpTestResponse final = HttpTestClient::readResponse(socket, false, 5000);
            return QByteArray(interim.left(25) + '|' + QByteArray::number(final.json().value(QStringLiteral("bytes")).toInt()));
        });
        QCOMPARE(seen, QByteArray("HTTP/1.1 100 Continue\r\n\r\n|3"));
    }

    void connectionCapAnswers503()
    {
        // Connections of earlier tests still closing would take places under
        // the cap: one of ours would be refused, and the one over it let in
        // once they are gone.
        QTRY_COMPARE_WITH_TIMEOUT(tcp->activeConnections(), 0, 5000);
        const QList<int> statuses = onClientThread([this] {
            QList<QTcpSocket *> held;
            for (int i = 0; i < limits().maxConnections; ++i) {
                auto *socket = new QTcpSocket;
                socket->connectToHost(QHostAddress::LocalHost, tcp->serverPort());
                socket->waitForConnected(5000);
                held.append(socket);
            }
            QThread::msleep(100);
            const HttpTestResponse over = client().get(QStringLiteral("/sync"));
            qDeleteAll(held);
            return QList<int>{over.status};
        });
        QCOMPARE(statuses.first(), 503);
        QTRY_COMPARE_WITH_TIMEOUT(tcp->activeConnections(), 0, 5000);
    }
};

QTEST_GUILESS_MAIN(HttpLayerTest)
#include "HttpLayerTest.moc"
