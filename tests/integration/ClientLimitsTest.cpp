// One client cannot take the gateway from everyone (issue 15, item 5):
// connections are capped per client address, the local monitor's probes
// are answered even when a client on this host holds every slot, and
// repeated wrong credentials from one address are throttled with 429.
//
// Tests run on loopback, so other clients are played from 127.0.0.2 and up
// (the whole 127/8 is loopback on Linux); the probe exception is for
// 127.0.0.1 and ::1 only, which is what lets a test see the per-address
// limit apply to loopback clients as well.
#include "tests/support/GatewayApi.h"
#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"

#include <QHostAddress>
#include <QTcpSocket>
#include <QtTest>

#include <csignal>
#include <memory>
#include <vector>

using namespace aegis::test;

namespace {

// A request from a chosen source address (HttpTestClient always uses 127.0.0.1).
HttpTestResponse getFrom(const QString &source, quint16 port, const QString &path, const QByteArray &bearer = {})
{
    QTcpSocket socket;
    if (!socket.bind(QHostAddress(source), 0)) {
        HttpTestResponse failed;
        failed.error = QStringLiteral("cannot bind to %1: %2").arg(source, socket.errorString());
        return failed;
    }
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(10000)) {
        HttpTestResponse failed;
        failed.error = socket.errorString();
        return failed;
    }
    QByteArray request = "GET " + path.toUtf8() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!bearer.isEmpty())
        request += "Authorization: Bearer " + bearer + "\r\n";
    socket.write(request + "\r\n");
    return HttpTestClient::readResponse(socket, false, 10000);
}

// Connections that send nothing, held open by the test.
std::vector<std::unique_ptr<QTcpSocket>> holdIdle(const QString &source, quint16 port, int count)
{
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    for (int i = 0; i < count; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        socket->bind(QHostAddress(source), 0);
        socket->connectToHost(QStringLiteral("127.0.0.1"), port);
        socket->waitForConnected(5000);
        sockets.push_back(std::move(socket));
    }
    return sockets;
}

} // namespace

class ClientLimitsTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oneAddressCannotFillTheServer()
    {
        ScratchDir dir(QStringLiteral("per-client"));
        GatewayProcess gateway(dir.path());
        // Per client: a quarter of the cap, 4.
        gateway.setEnv(QStringLiteral("AEGIS_MAX_CONNECTIONS"), QStringLiteral("16"));
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        const quint16 port = gateway.port();

        // A client on this host opens far more idle connections than the cap.
        const auto flood = holdIdle(QStringLiteral("127.0.0.1"), port, 40);
        // Its own next request is over its limit.
        QTRY_COMPARE(getFrom(QStringLiteral("127.0.0.1"), port, QStringLiteral("/v1/version")).status, 429);
        const HttpTestResponse over = getFrom(QStringLiteral("127.0.0.1"), port, QStringLiteral("/v1/version"));
        QCOMPARE(over.status, 429);
        QVERIFY(!over.header("Retry-After").isEmpty());
        // Before the fix this was 503 for everyone: another client is served,
        // and so is the local monitor's probe.
        QCOMPARE(getFrom(QStringLiteral("127.0.0.2"), port, QStringLiteral("/v1/version")).status, 200);
        for (const QString &probe : {QStringLiteral("/health"), QStringLiteral("/readyz"), QStringLiteral("/livez")})
            QCOMPARE(getFrom(QStringLiteral("127.0.0.1"), port, probe).status, 200);

        // The server cap still holds: four clients with four each fill it.
        std::vector<std::unique_ptr<QTcpSocket>> others;
        for (int client = 3; client <= 6; ++client) {
            for (auto &socket : holdIdle(QStringLiteral("127.0.0.%1").arg(client), port, 4))
                others.push_back(std::move(socket));
        }
        // 127.0.0.1 holds 4 slots, so the last of these clients already found the server full.
        QTRY_COMPARE(getFrom(QStringLiteral("127.0.0.7"), port, QStringLiteral("/v1/version")).status, 503);
        QCOMPARE(getFrom(QStringLiteral("127.0.0.1"), port, QStringLiteral("/health")).status, 200);
        QVERIFY(gateway.output().contains(QStringLiteral("GET /v1/version 429 refused before dispatch")));
        QVERIFY(gateway.output().contains(QStringLiteral("connection limit (16) reached")));
        QCOMPARE(gateway.stop(SIGTERM), 0);
    }

    void repeatedWrongCredentialsAreThrottledPerAddress()
    {
        ScratchDir dir(QStringLiteral("auth-throttle"));
        GatewayProcess gateway(dir.path());
        QVERIFY2(gateway.start(), qPrintable(gateway.lastError()));
        const quint16 port = gateway.port();
        const QByteArray admin = gateway.adminToken();
        const QString guesser = QStringLiteral("127.0.0.9");

        for (int i = 0; i < 10; ++i) {
            const QByteArray guess = QByteArray("agent_tok_") + QByteArray::number(i).rightJustified(32, '0');
            QCOMPARE(getFrom(guesser, port, QStringLiteral("/v1/decisions"), guess).status, 401);
        }
        // Before the fix: 200, and guessing went on at full speed.
        const HttpTestResponse blocked = getFrom(guesser, port, QStringLiteral("/v1/decisions"), admin);
        QCOMPARE(blocked.status, 429);
        const int retryAfter = blocked.header("Retry-After").toInt();
        QVERIFY2(retryAfter > 0 && retryAfter <= 60, blocked.header("Retry-After").constData());
        // Only that address: everyone else, and the probes, carry on.
        QCOMPARE(getFrom(QStringLiteral("127.0.0.1"), port, QStringLiteral("/v1/decisions"), admin).status, 200);
        QCOMPARE(getFrom(guesser, port, QStringLiteral("/health")).status, 200);
        QCOMPARE(gateway.output().count(QStringLiteral("failed authentications from 127.0.0.9")), 1);
        // A request without any credential is not a guess.
        QCOMPARE(getFrom(QStringLiteral("127.0.0.10"), port, QStringLiteral("/v1/decisions")).status, 401);
        QCOMPARE(gateway.stop(SIGTERM), 0);
    }
};

QTEST_GUILESS_MAIN(ClientLimitsTest)
#include "ClientLimitsTest.moc"
