#include "gateway/http/Router.h"

#include <QtTest>

using namespace aegis;

class RouterTest : public QObject
{
    Q_OBJECT

private:
    Router router;
    QString last;

    RouteHandler mark(const QString &name)
    {
        return [this, name](const HttpExchange &, const RouteParams &params) {
            last = name + QLatin1Char(':') + params.value(QStringLiteral("name")) + params.value(QStringLiteral("id"));
        };
    }

    QString run(const QByteArray &method, const QString &path)
    {
        const Router::Match match = router.match(method, path);
        if (match.kind != Router::Match::Kind::Found)
            return {};
        last.clear();
        (*match.handler)(HttpExchange(std::make_shared<ExchangeState>()), match.params);
        return last;
    }

private Q_SLOTS:
    void initTestCase()
    {
        router.add({"GET"}, QStringLiteral("/health"), mark(QStringLiteral("health")));
        router.add({"GET"}, QStringLiteral("/v1/receipts/{id}"), mark(QStringLiteral("receipt")));
        router.add({"GET"}, QStringLiteral("/v1/receipts/chain-head"), mark(QStringLiteral("head")));
        router.add({"POST"}, QStringLiteral("/v1/receipts/verify-chain"), mark(QStringLiteral("verify")));
        router.add({"GET", "DELETE"}, QStringLiteral("/v1/admin/backups/{name}"), mark(QStringLiteral("backup")));
    }

    void literalSegmentsWin()
    {
        QCOMPARE(run("GET", QStringLiteral("/v1/receipts/chain-head")), QStringLiteral("head:"));
        QCOMPARE(run("GET", QStringLiteral("/v1/receipts/abc")), QStringLiteral("receipt:abc"));
    }

    void wrongMethodIs405WithAllow()
    {
        const auto onLiteral = router.match("GET", QStringLiteral("/v1/receipts/verify-chain"));
        QVERIFY(onLiteral.kind == Router::Match::Kind::MethodNotAllowed);
        QCOMPARE(onLiteral.allow, QByteArray("POST"));

        const auto onHealth = router.match("DELETE", QStringLiteral("/health"));
        QVERIFY(onHealth.kind == Router::Match::Kind::MethodNotAllowed);
        QCOMPARE(onHealth.allow, QByteArray("GET, HEAD"));

        const auto onBackup = router.match("PUT", QStringLiteral("/v1/admin/backups/x.db"));
        QCOMPARE(onBackup.allow, QByteArray("GET, HEAD, DELETE"));
    }

    void headIsServedByGet()
    {
        QCOMPARE(run("HEAD", QStringLiteral("/health")), QStringLiteral("health:"));
    }

    void unknownPathsAre404()
    {
        QVERIFY(router.match("GET", QStringLiteral("/nope")).kind == Router::Match::Kind::NotFound);
        QVERIFY(router.match("GET", QStringLiteral("/health/")).kind == Router::Match::Kind::NotFound);
        QVERIFY(router.match("GET", QStringLiteral("health")).kind == Router::Match::Kind::NotFound);
        QVERIFY(router.match("GET", QStringLiteral("/v1/admin/backups/")).kind == Router::Match::Kind::NotFound);
        QVERIFY(router.match("GET", QStringLiteral("/v1/admin/backups/a/b")).kind == Router::Match::Kind::NotFound);
    }

    void placeholderTakesOneDecodedSegment()
    {
        // An encoded slash stays inside the name, so the handler can refuse it
        // as a bad name instead of the router silently matching elsewhere.
        QCOMPARE(run("GET", QStringLiteral("/v1/admin/backups/..%2Fx")), QStringLiteral("backup:../x"));
        QCOMPARE(run("GET", QStringLiteral("/v1/admin/backups/pre%20migration.db")),
                 QStringLiteral("backup:pre migration.db"));
        // A dot is a dot: patterns are not regular expressions.
        QVERIFY(router.match("GET", QStringLiteral("/hxalth")).kind == Router::Match::Kind::NotFound);
    }
};

QTEST_GUILESS_MAIN(RouterTest)
#include "RouterTest.moc"
