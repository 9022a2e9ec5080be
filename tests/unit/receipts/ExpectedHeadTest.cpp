#include "common/json/JsonParser.h"
#include "common/receipts/ExpectedHead.h"

#include <QJsonDocument>
#include <QtTest>

using namespace aegis;

namespace {

const QByteArray Hash = QByteArray(64, 'a');

JsonValue parsed(const QByteArray &json)
{
    return *JsonParser::parseDocument(json);
}

} // namespace

class ExpectedHeadTest : public QObject
{
    Q_OBJECT

private slots:
    void parsesAManifest()
    {
        const JsonValue manifest = parsed(R"({"format":"aegis-backup-manifest-1","sha256":"x","tenants":{
            "default":{"count":0,"head":null},
            "acme":{"count":12,"head":{"seq":12,"receipt_hash":")" + Hash + R"(","receipt_id":"r-12"}}}})");
        QString error;
        const auto heads = ExpectedHead::parseManifest(manifest, &error);
        QVERIFY2(heads, qPrintable(error));
        QCOMPARE(heads->size(), size_t(2));
        QCOMPARE(heads->at(QStringLiteral("default")).count, 0);
        QVERIFY(!heads->at(QStringLiteral("default")).seq);
        const ExpectedHead acme = heads->at(QStringLiteral("acme"));
        QCOMPARE(acme.count, 12);
        QCOMPARE(acme.seq, std::optional<qint64>(12));
        QCOMPARE(acme.receiptHash, QString::fromLatin1(Hash));
        QCOMPARE(acme.receiptId, QStringLiteral("r-12"));

        // And back to the manifest's form.
        QCOMPARE(ExpectedHead::tenantsToJson(*heads), manifest.value("tenants").toQJsonValue().toObject());
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("manifest");
        QTest::addColumn<QString>("message");
        QTest::newRow("not an object") << QByteArray("[]") << QStringLiteral("must be a JSON object");
        QTest::newRow("wrong format") << QByteArray(R"({"format":"other","tenants":{}})") << QStringLiteral("not an Aegis backup manifest");
        QTest::newRow("no tenants") << QByteArray(R"({"format":"aegis-backup-manifest-1"})") << QStringLiteral("no \"tenants\"");
        QTest::newRow("tenants not an object") << QByteArray(R"({"format":"aegis-backup-manifest-1","tenants":[]})") << QStringLiteral("must be an object");
        QTest::newRow("negative count") << QByteArray(R"({"format":"aegis-backup-manifest-1","tenants":{"a":{"count":-1,"head":null}}})") << QStringLiteral("non-negative integer");
        QTest::newRow("float count") << QByteArray(R"({"format":"aegis-backup-manifest-1","tenants":{"a":{"count":1.0,"head":null}}})") << QStringLiteral("non-negative integer");
        QTest::newRow("null head with receipts") << QByteArray(R"({"format":"aegis-backup-manifest-1","tenants":{"a":{"count":2,"head":null}}})") << QStringLiteral("head is null but count is 2");
        QTest::newRow("bad hash") << QByteArray(R"({"format":"aegis-backup-manifest-1","tenants":{"a":{"count":1,"head":{"seq":1,"receipt_hash":"ABC"}}}})") << QStringLiteral("64 lowercase hex");
        QTest::newRow("seq zero") << QByteArray(R"({"format":"aegis-backup-manifest-1","tenants":{"a":{"count":1,"head":{"seq":0,"receipt_hash":")") + Hash + "\"}}}}" << QStringLiteral("positive integer");
    }

    void rejects()
    {
        QFETCH(QByteArray, manifest);
        QFETCH(QString, message);
        QString error;
        QVERIFY(!ExpectedHead::parseManifest(parsed(manifest), &error));
        QVERIFY2(error.contains(message), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(ExpectedHeadTest)
#include "ExpectedHeadTest.moc"
