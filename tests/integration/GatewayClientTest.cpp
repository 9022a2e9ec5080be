// The console's and the tools' client against the real gateway, and against
// the failures an operator meets: nothing listening, a wrong token, silence.
#include "common/client/GatewayClient.h"

#include "tests/support/GatewayProcess.h"
#include "tests/support/ScratchDir.h"
#include "tests/support/TestCertificate.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QTcpServer>
#include <QtTest>

#include <csignal>

using namespace aegis;
using namespace aegis::test;

class GatewayClientTest : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ScratchDir> dir;
    std::unique_ptr<GatewayProcess> gateway;

    GatewayEndpoint endpoint(const QByteArray &token) const
    {
        GatewayEndpoint e;
        e.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(gateway->port()));
        e.token = token;
        return e;
    }

private Q_SLOTS:
    void initTestCase()
    {
        dir = std::make_unique<ScratchDir>(QStringLiteral("client"));
        gateway = std::make_unique<GatewayProcess>(dir->path());
        QVERIFY2(gateway->start(), qPrintable(gateway->lastError()));
    }

    void cleanupTestCase() { QCOMPARE(gateway->stop(SIGTERM), 0); }

    void successAndJson()
    {
        GatewayClient client(endpoint(gateway->adminToken()));
        const auto health = client.getAndWait(QStringLiteral("/health"));
        QVERIFY(health->ok());
        QCOMPARE(health->status(), 200);
        QCOMPARE(health->json().object().value(QStringLiteral("status")).toString(), QStringLiteral("healthy"));
        const auto tenants = client.getAndWait(QStringLiteral("/v1/tenants?x=1"));
        QVERIFY(tenants->ok());
        QVERIFY(tenants->json().isArray());
    }

    void wrongTokenIsExplained()
    {
        GatewayClient client(endpoint("not-the-token-at-all"));
        const auto reply = client.getAndWait(QStringLiteral("/v1/tenants"));
        QCOMPARE(reply->failure(), GatewayReply::Failure::Unauthorized);
        QVERIFY(reply->errorText().contains(QStringLiteral("token")));
        QVERIFY(reply->detail().contains(QStringLiteral("401")));
    }

    void gatewayErrorMessageIsShown()
    {
        GatewayClient client(endpoint(gateway->adminToken()));
        const auto reply = client.getAndWait(QStringLiteral("/v1/decisions?limit=0"));
        QCOMPARE(reply->failure(), GatewayReply::Failure::Http);
        QCOMPARE(reply->status(), 400);
        QVERIFY2(reply->errorText().contains(QStringLiteral("limit")), qPrintable(reply->errorText()));
    }

    void nothingListeningIsRefused()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        GatewayEndpoint e;
        e.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(port));
        GatewayClient client(e);
        const auto reply = client.getAndWait(QStringLiteral("/health"));
        QCOMPARE(reply->failure(), GatewayReply::Failure::Refused);
        QVERIFY(reply->errorText().contains(QStringLiteral("running")));
    }

    void silenceTimesOut()
    {
        QTcpServer silent; // accepts, never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        GatewayEndpoint e;
        e.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1").arg(silent.serverPort()));
        e.timeoutMs = 300;
        GatewayClient client(e);
        QElapsedTimer clock;
        clock.start();
        const auto reply = client.getAndWait(QStringLiteral("/health"));
        QCOMPARE(reply->failure(), GatewayReply::Failure::Timeout);
        QVERIFY(clock.elapsed() < 5000);
    }

    // AEGIS_TLS_CERT/KEY: the gateway speaks HTTPS only; a client that
    // trusts the certificate gets in, one that does not is told why, and
    // plain HTTP gets nothing.
    void gatewayServesHttps()
    {
        ScratchDir tlsDir(QStringLiteral("tls"));
        const TestCertificate certificate = TestCertificate::create(tlsDir.path());
        QVERIFY(certificate.isValid());
        GatewayProcess tls(tlsDir.filePath(QStringLiteral("gateway")));
        tls.setEnv(QStringLiteral("AEGIS_TLS_CERT"), certificate.certificatePath);
        tls.setEnv(QStringLiteral("AEGIS_TLS_KEY"), certificate.keyPath);
        QVERIFY2(tls.start(), qPrintable(tls.lastError()));
        QVERIFY(tls.output().contains(QStringLiteral("listening on https://")));

        GatewayEndpoint trusted;
        trusted.baseUrl = QUrl(QStringLiteral("https://127.0.0.1:%1").arg(tls.port()));
        trusted.token = tls.adminToken();
        trusted.caCertificatePath = certificate.certificatePath;
        GatewayClient client(trusted);
        const auto ok = client.getAndWait(QStringLiteral("/v1/tenants"));
        QVERIFY2(ok->ok(), qPrintable(ok->errorText() + QLatin1Char(' ') + ok->detail()));

        GatewayEndpoint untrusting = trusted;
        untrusting.caCertificatePath.clear();
        GatewayClient stranger(untrusting);
        const auto refused = stranger.getAndWait(QStringLiteral("/health"));
        QCOMPARE(refused->failure(), GatewayReply::Failure::Tls);

        const auto plain = tls.client().get(QStringLiteral("/health"));
        QVERIFY(plain.status != 200);
        QCOMPARE(tls.stop(SIGTERM), 0);
    }

    void downloadStreamsAndHashes()
    {
        GatewayClient client(endpoint(gateway->adminToken()));
        QBuffer sink;
        QVERIFY(sink.open(QIODevice::WriteOnly));
        std::unique_ptr<GatewayReply> reply(client.download(QStringLiteral("/v1/receipts/export"), &sink));
        reply->waitForFinished();
        QVERIFY2(reply->ok(), qPrintable(reply->errorText()));
        QVERIFY(reply->body().isEmpty()); // went to the sink
        QVERIFY(sink.data().startsWith("{\"canon_version\""));
        QCOMPARE(reply->receivedSha256(),
                 QString::fromLatin1(QCryptographicHash::hash(sink.data(), QCryptographicHash::Sha256).toHex()));
    }
};

QTEST_GUILESS_MAIN(GatewayClientTest)
#include "GatewayClientTest.moc"
