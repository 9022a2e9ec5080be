#include "common/json/CanonicalJson.h"
#include "common/json/JsonParser.h"
#include "common/json/JsonValue.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace aegis;

class JsonValueTest : public QObject
{
    Q_OBJECT

private slots:
    void buildersAndAccessors()
    {
        JsonValue object = JsonValue::object();
        object.insert("name", JsonValue(QStringLiteral("acme")));
        object.insert("count", JsonValue::fromInteger(3));
        object.insert("name", JsonValue(QStringLiteral("Acme"))); // replaces in place
        QCOMPARE(object.size(), 2);
        QCOMPARE(object.members()[0].key, QByteArray("name"));
        QCOMPARE(object.value("name").toString(), QStringLiteral("Acme"));
        QCOMPARE(object.value("count").toInt64(), std::optional<qint64>(3));
        QVERIFY(object.value("missing").isNull());
        QVERIFY(!object.find("missing"));
        QVERIFY(object.remove("count"));
        QVERIFY(!object.contains("count"));

        JsonValue list = JsonValue::array();
        list.append(JsonValue(false));
        QCOMPARE(list.size(), 1);
        QVERIFY(list.at(0).isBool());
        QVERIFY(list.at(7).isNull());
    }

    void numberText()
    {
        QVERIFY(JsonValue::fromNumberText("1.0"));
        QVERIFY(!JsonValue::fromNumberText("1.0")->isInteger());
        QVERIFY(JsonValue::fromNumberText("-12")->isInteger());
        QVERIFY(!JsonValue::fromNumberText("01"));
        QVERIFY(!JsonValue::fromNumberText("1e"));
        QVERIFY(!JsonValue::fromNumberText(" 1"));
        QCOMPARE(JsonValue::fromDouble(100.0).numberText(), QByteArray("100.0"));
        QVERIFY(JsonValue::fromDouble(std::numeric_limits<double>::infinity()).isNull());
    }

    void fromQJsonValueKeepsWhatQtKept()
    {
        const QJsonDocument doc = QJsonDocument::fromJson(R"({"i":9007199254740993,"f":2.5,"s":"x","n":null,"a":[true]})");
        const JsonValue value = JsonValue::fromQJsonValue(doc.object());
        QVERIFY(value.value("i").isInteger());
        QCOMPARE(value.value("i").numberText(), QByteArray("9007199254740993"));
        QVERIFY(!value.value("f").isInteger());
        QCOMPARE(*CanonicalJson::serialize(value), QByteArray(R"({"a":[true],"f":2.5,"i":9007199254740993,"n":null,"s":"x"})"));
    }

    void toQJsonValueIsLossyButUsable()
    {
        const auto value = JsonParser::parseDocument(R"({"big":123456789012345678901234567890,"i":7,"f":1.0,"s":"\u00fc"})");
        QVERIFY(value);
        const QJsonObject object = value->toQJsonValue().toObject();
        QCOMPARE(object.value(QStringLiteral("i")).toInteger(), 7);
        QCOMPARE(object.value(QStringLiteral("f")).toDouble(), 1.0);
        QCOMPARE(object.value(QStringLiteral("s")).toString(), QString::fromUtf8("\xc3\xbc"));
        QVERIFY(object.value(QStringLiteral("big")).toDouble() > 1e29);
    }

    void equality()
    {
        QCOMPARE(*JsonParser::parseDocument(R"({"a":[1,null]})"), *JsonParser::parseDocument(R"({ "a" : [1, null] })"));
        QVERIFY(!(*JsonParser::parseDocument("1.0") == *JsonParser::parseDocument("1")));
    }
};

QTEST_GUILESS_MAIN(JsonValueTest)
#include "JsonValueTest.moc"
