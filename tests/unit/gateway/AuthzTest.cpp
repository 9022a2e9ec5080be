#include "gateway/authz/Glob.h"
#include "gateway/authz/PolicyEngine.h"
#include "gateway/authz/TimeOrderedUuid.h"

#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QtTest>

using namespace aegis;

class AuthzTest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void globs_data()
    {
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("matches");
        QTest::newRow("star") << "*" << "anything/at all" << true;
        QTest::newRow("star empty") << "*" << "" << true;
        QTest::newRow("prefix") << "merge_*" << "merge_pull_request" << true;
        QTest::newRow("prefix miss") << "merge_*" << "list_merges" << false;
        QTest::newRow("question") << "v?" << "v1" << true;
        QTest::newRow("question needs one") << "v?" << "v" << false;
        QTest::newRow("middle") << "prod-*-db" << "prod-eu-1-db" << true;
        QTest::newRow("backtrack") << "*a*b" << "xaxxaxb" << true;
        QTest::newRow("backtrack miss") << "*a*b" << "xaxxaxc" << false;
        QTest::newRow("literal dot") << "a.b" << "axb" << false;
        QTest::newRow("brackets are literal") << "[ab]" << "a" << false;
        QTest::newRow("brackets literal match") << "[ab]" << "[ab]" << true;
        QTest::newRow("exact") << "github" << "github" << true;
        QTest::newRow("case") << "GitHub" << "github" << false;
    }

    void globs()
    {
        QFETCH(QString, pattern);
        QFETCH(QString, text);
        QFETCH(bool, matches);
        QCOMPARE(Glob::matches(pattern, text), matches);
    }

    void firstMatchingRuleDecides()
    {
        QString error;
        const auto rules = PolicyRule::parseList(
            QJsonDocument::fromJson(R"([
                {"id":"a","tool":"github","action":"merge_*","resource":"prod*","decision":"deny","risk_level":"critical"},
                {"id":"b","tool":"github","action":"merge_*","decision":"require_approval","risk_level":"medium"},
                {"id":"c","mutates_state":false,"decision":"allow","risk_level":"low"}])").array(),
            &error);
        QVERIFY2(rules, qPrintable(error));
        const auto deny = PolicyEngine::decide(*rules, QStringLiteral("github"), QStringLiteral("merge_pr"), QStringLiteral("prod-api"), true);
        QCOMPARE(deny.decision, QStringLiteral("deny"));
        QCOMPARE(deny.riskScore, 95);
        QCOMPARE(deny.matchedPolicies, QStringList{QStringLiteral("a")});
        QCOMPARE(PolicyEngine::decide(*rules, QStringLiteral("github"), QStringLiteral("merge_pr"), std::nullopt, true).decision,
                 QStringLiteral("require_approval"));
        QCOMPARE(PolicyEngine::decide(*rules, QStringLiteral("jira"), QStringLiteral("get"), std::nullopt, false).decision,
                 QStringLiteral("allow"));
        const auto none = PolicyEngine::decide(*rules, QStringLiteral("jira"), QStringLiteral("delete"), std::nullopt, true);
        QCOMPARE(none.decision, QStringLiteral("deny"));
        QVERIFY(none.matchedPolicies.isEmpty());
        QCOMPARE(PolicyEngine::decide({}, QStringLiteral("x"), QStringLiteral("y"), std::nullopt, false).decision, QStringLiteral("deny"));
    }

    void approverGroupComesFromTheRule()
    {
        QString error;
        const auto rules = PolicyRule::parseList(
            QJsonDocument::fromJson(R"([
                {"id":"m","action":"merge_*","decision":"require_approval","risk_level":"high","approver_group":"release-managers"},
                {"id":"n","decision":"require_approval","risk_level":"high"}])").array(),
            &error);
        QVERIFY2(rules, qPrintable(error));
        QCOMPARE(PolicyEngine::decide(*rules, QStringLiteral("github"), QStringLiteral("merge_pr"), std::nullopt, true).approverGroup,
                 QStringLiteral("release-managers"));
        QCOMPARE(PolicyEngine::decide(*rules, QStringLiteral("github"), QStringLiteral("tag"), std::nullopt, true).approverGroup,
                 QStringLiteral("default"));
        // Stored and served back as given.
        QCOMPARE(PolicyRule::toJsonList(*rules).at(0).toObject().value(QStringLiteral("approver_group")).toString(),
                 QStringLiteral("release-managers"));
        QVERIFY(!PolicyRule::toJsonList(*rules).at(1).toObject().contains(QStringLiteral("approver_group")));
        QVERIFY(!PolicyRule::parseList(QJsonDocument::fromJson(R"([{"id":"a","decision":"allow","risk_level":"low","approver_group":""}])").array(), &error));
        QVERIFY(error.contains(QStringLiteral("approver_group")));
    }

    void riskScores()
    {
        QCOMPARE(PolicyRule::riskScore(QStringLiteral("low")), 10);
        QCOMPARE(PolicyRule::riskScore(QStringLiteral("medium")), 40);
        QCOMPARE(PolicyRule::riskScore(QStringLiteral("high")), 75);
        QCOMPARE(PolicyRule::riskScore(QStringLiteral("critical")), 95);
    }

    void invalidRulesNameTheRule()
    {
        QString error;
        QVERIFY(!PolicyRule::parseList(QJsonDocument::fromJson(R"([{"id":"a","decision":"allow","risk_level":"low"},{"id":"a","decision":"allow","risk_level":"low"}])").array(), &error));
        QVERIFY2(error.startsWith(QStringLiteral("rules[1].id")), qPrintable(error));
        QVERIFY(!PolicyRule::parseList(QJsonDocument::fromJson(R"([{"id":"a","decision":"allow","risk_level":"extreme"}])").array(), &error));
        QVERIFY(error.startsWith(QStringLiteral("rules[0].risk_level")));
        QVERIFY(!PolicyRule::parseList(QJsonDocument::fromJson(R"([{"id":"a","decision":"allow","risk_level":"low","mutates_state":"yes"}])").array(), &error));
        QVERIFY(!PolicyRule::parseList(QJsonDocument::fromJson(R"([{"decision":"allow","risk_level":"low"}])").array(), &error));
        QVERIFY(!PolicyRule::parseList(QJsonDocument::fromJson(R"(["rule"])").array(), &error));
    }

    // The first migration seeds the default tenant with the same rules a
    // new tenant gets; they must not drift apart.
    void migrationSeedsTheDefaultRules()
    {
        QFile migration(QStringLiteral(AEGIS_SOURCE_DIR "/migrations/0001_initial_schema.sql"));
        QVERIFY(migration.open(QIODevice::ReadOnly));
        const QRegularExpressionMatch seeded = QRegularExpression(QStringLiteral(R"('(\[\{"id":"default-read-only".*\}\])')"))
                                                   .match(QString::fromUtf8(migration.readAll()));
        QVERIFY(seeded.hasMatch());
        QString error;
        const auto rules = PolicyRule::parseList(QJsonDocument::fromJson(seeded.captured(1).toUtf8()).array(), &error);
        QVERIFY2(rules, qPrintable(error));
        QCOMPARE(PolicyRule::toJsonList(*rules), PolicyRule::toJsonList(PolicyRule::defaults()));
    }

    void decisionIdsAreTimeOrderedUuids()
    {
        const QRegularExpression shape(QStringLiteral("^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        QString previous;
        QSet<QString> seen;
        for (int i = 0; i < 2000; ++i) {
            const QString id = TimeOrderedUuid::generate();
            QVERIFY2(shape.match(id).hasMatch(), qPrintable(id));
            QVERIFY(!seen.contains(id));
            seen.insert(id);
            // Within one millisecond the order is random; across them it rises.
            QVERIFY(previous.isEmpty() || id.left(13) >= previous.left(13));
            previous = id;
        }
    }
};

QTEST_GUILESS_MAIN(AuthzTest)
#include "AuthzTest.moc"
