#include "common/json/JsonParser.h"

#include <QtTest>

using namespace aegis;

class JsonParserTest : public QObject
{
    Q_OBJECT

private slots:
    void rejects_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QString>("message"); // part of the error text
        QTest::addColumn<int>("offset");

        QTest::newRow("empty") << QByteArray() << QStringLiteral("unexpected end of input") << 0;
        QTest::newRow("only whitespace") << QByteArray(" \n") << QStringLiteral("unexpected end of input") << 2;
        QTest::newRow("leading zero") << QByteArray("[01]") << QStringLiteral("leading zero") << 1;
        QTest::newRow("negative leading zero") << QByteArray("-012") << QStringLiteral("leading zero") << 0;
        QTest::newRow("trailing comma in array") << QByteArray("[1,2,]") << QStringLiteral("trailing comma") << 5;
        QTest::newRow("trailing comma in object") << QByteArray(R"({"a":1,})") << QStringLiteral("trailing comma") << 7;
        QTest::newRow("NaN") << QByteArray("NaN") << QStringLiteral("NaN and Infinity") << 0;
        QTest::newRow("Infinity") << QByteArray("[Infinity]") << QStringLiteral("NaN and Infinity") << 1;
        QTest::newRow("-Infinity") << QByteArray("-Infinity") << QStringLiteral("NaN and Infinity") << 0;
        QTest::newRow("trailing garbage") << QByteArray("{} x") << QStringLiteral("unexpected data after") << 3;
        QTest::newRow("two values") << QByteArray("1 2") << QStringLiteral("unexpected data after") << 2;
        QTest::newRow("fraction without digits") << QByteArray("1.") << QStringLiteral("decimal point") << 2;
        QTest::newRow("leading point") << QByteArray(".5") << QStringLiteral("unexpected character '.'") << 0;
        QTest::newRow("plus sign") << QByteArray("+1") << QStringLiteral("unexpected character '+'") << 0;
        QTest::newRow("exponent without digits") << QByteArray("1e+") << QStringLiteral("exponent") << 3;
        QTest::newRow("lone minus") << QByteArray("-") << QStringLiteral("digit must follow '-'") << 1;
        QTest::newRow("hex number") << QByteArray("0x10") << QStringLiteral("unexpected data after") << 1;
        QTest::newRow("single quotes") << QByteArray("'a'") << QStringLiteral("unexpected character") << 0;
        QTest::newRow("unquoted key") << QByteArray("{a:1}") << QStringLiteral("expected a string key") << 1;
        QTest::newRow("missing colon") << QByteArray(R"({"a" 1})") << QStringLiteral("expected ':'") << 5;
        QTest::newRow("missing comma") << QByteArray("[1 2]") << QStringLiteral("expected ',' or ']'") << 3;
        QTest::newRow("unterminated string") << QByteArray("[\"abc") << QStringLiteral("unterminated string") << 5;
        QTest::newRow("unterminated array") << QByteArray("[1,") << QStringLiteral("unexpected end of input") << 3;
        QTest::newRow("unterminated object") << QByteArray(R"({"a":1)") << QStringLiteral("unterminated object") << 6;
        QTest::newRow("raw newline in string") << QByteArray("\"a\nb\"") << QStringLiteral("control character 0x0a")
                                               << 2;
        QTest::newRow("raw NUL in string") << QByteArray("\"a\0b\"", 5) << QStringLiteral("control character 0x00")
                                           << 2;
        QTest::newRow("bad escape") << QByteArray(R"("\x41")") << QStringLiteral("invalid escape") << 1;
        QTest::newRow("short \\u") << QByteArray(R"("\u12")") << QStringLiteral("four hex digits") << 3;
        QTest::newRow("lone high surrogate") << QByteArray(R"("\ud800")") << QStringLiteral("lone high surrogate") << 1;
        QTest::newRow("high surrogate + letter") << QByteArray(R"("\ud800x")") << QStringLiteral("lone high surrogate")
                                                 << 1;
        QTest::newRow("high + high surrogate") << QByteArray(R"("\ud800\ud800")")
                                               << QStringLiteral("lone high surrogate") << 1;
        QTest::newRow("lone low surrogate") << QByteArray(R"("a\udc00")") << QStringLiteral("lone low surrogate") << 2;
        QTest::newRow("invalid UTF-8 byte") << QByteArray("\"\xff\"") << QStringLiteral("invalid UTF-8") << 1;
        QTest::newRow("overlong UTF-8") << QByteArray("\"\xc0\xaf\"") << QStringLiteral("invalid UTF-8") << 1;
        QTest::newRow("UTF-8 surrogate") << QByteArray("\"\xed\xa0\x80\"") << QStringLiteral("invalid UTF-8") << 1;
        QTest::newRow("beyond U+10FFFF") << QByteArray("\"\xf4\x90\x80\x80\"") << QStringLiteral("invalid UTF-8") << 1;
        QTest::newRow("truncated UTF-8") << QByteArray("\"\xe2\x80") << QStringLiteral("invalid UTF-8") << 1;
        QTest::newRow("stray continuation byte") << QByteArray("\"\x80\"") << QStringLiteral("invalid UTF-8") << 1;
        QTest::newRow("byte order mark") << QByteArray("\xEF\xBB\xBF{}") << QStringLiteral("byte order mark") << 0;
        QTest::newRow("too deep") << QByteArray(513, '[') + QByteArray(513, ']') << QStringLiteral("nesting deeper")
                                  << 512;
        QTest::newRow("literal prefix") << QByteArray("tru") << QStringLiteral("unexpected character 't'") << 0;
        QTest::newRow("comment") << QByteArray("[1]//x") << QStringLiteral("unexpected data after") << 3;
    }

    void rejects()
    {
        QFETCH(QByteArray, input);
        QFETCH(QString, message);
        QFETCH(int, offset);
        JsonParser parser;
        QVERIFY(!parser.parse(input));
        QVERIFY2(parser.errorString().contains(message), qPrintable(parser.errorString()));
        QCOMPARE(parser.errorOffset(), qsizetype(offset));
        QVERIFY2(parser.errorString().endsWith(QStringLiteral(" at byte %1").arg(offset)), qPrintable(parser.errorString()));
    }

    void accepts_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("scalar") << QByteArray("42");
        QTest::newRow("string") << QByteArray(R"("x")");
        QTest::newRow("surrounding whitespace") << QByteArray(" \t\r\n[ ] \n");
        QTest::newRow("all escapes") << QByteArray("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\uD83D\\uDE00\"");
        QTest::newRow("raw DEL and U+2028") << QByteArray("\"\x7f\xe2\x80\xa8\"");
        QTest::newRow("512 levels") << QByteArray(512, '[') + QByteArray(512, ']');
        QTest::newRow("number forms") << QByteArray("[0,-0,1.5,-1.5e-3,1E+2,0.0e0]");
    }

    void accepts()
    {
        QFETCH(QByteArray, input);
        JsonParser parser;
        QVERIFY2(parser.parse(input), qPrintable(parser.errorString()));
        QVERIFY(parser.errorString().isEmpty());
    }

    void keepsNumberLexemes()
    {
        const auto value = JsonParser::parseDocument("[1.0,100,1E2,123456789012345678901234567890,-0]");
        QVERIFY(value);
        QCOMPARE(value->at(0).numberText(), QByteArray("1.0"));
        QVERIFY(!value->at(0).isInteger());
        QVERIFY(value->at(1).isInteger());
        QCOMPARE(value->at(1).toInt64(), std::optional<qint64>(100));
        QVERIFY(!value->at(2).isInteger());
        QCOMPARE(value->at(2).toDouble(), 100.0);
        QVERIFY(value->at(3).isInteger());
        QCOMPARE(value->at(3).numberText(), QByteArray("123456789012345678901234567890"));
        QVERIFY(!value->at(3).toInt64()); // beyond 64 bits: exact text only
        QCOMPARE(value->at(4).toInt64(), std::optional<qint64>(0));
    }

    void objectsKeepOrderAndLastDuplicateWins()
    {
        const auto value = JsonParser::parseDocument(R"({"b":1,"a":2,"b":3})");
        QVERIFY(value);
        QCOMPARE(value->size(), 2);
        QCOMPARE(value->members()[0].key, QByteArray("b"));
        QCOMPARE(value->members()[0].value.numberText(), QByteArray("3"));
        QCOMPARE(value->members()[1].key, QByteArray("a"));
    }

    void duplicatesInLargeObjects()
    {
        // Past the linear-search size the parser switches to a hash index.
        QByteArray input = "{";
        for (int i = 0; i < 100; ++i)
            input += "\"k" + QByteArray::number(i) + "\":" + QByteArray::number(i) + ",";
        input += "\"k5\":\"last\",\"k99\":null}";
        const auto value = JsonParser::parseDocument(input);
        QVERIFY(value);
        QCOMPARE(value->size(), 100);
        QCOMPARE(value->value("k5").toString(), QStringLiteral("last"));
        QVERIFY(value->value("k99").isNull());
        QCOMPARE(value->members()[5].key, QByteArray("k5"));
    }

    void stringsDecodeToUtf8()
    {
        const auto value = JsonParser::parseDocument(R"(["\u00fc\ud83d\ude00", "Z\u00FCrich"])");
        QVERIFY(value);
        QCOMPARE(value->at(0).stringUtf8(), QByteArray("\xc3\xbc\xf0\x9f\x98\x80"));
        QCOMPARE(value->at(1).toString(), QString::fromUtf8("Z\xc3\xbcrich"));
    }

    void byteOrderMarkWhenAllowed()
    {
        JsonParser parser;
        parser.setAllowByteOrderMark(true);
        const auto value = parser.parse("\xEF\xBB\xBF[1]");
        QVERIFY2(value, qPrintable(parser.errorString()));
        QCOMPARE(value->size(), 1);
    }

    void customDepthLimit()
    {
        JsonParser parser(2);
        QVERIFY(parser.parse("[[1]]"));
        QVERIFY(!parser.parse("[[[1]]]"));
        QVERIFY(parser.errorString().contains(QStringLiteral("deeper than 2")));
    }

    void parserIsReusableAfterAnError()
    {
        JsonParser parser;
        QVERIFY(!parser.parse("[1,]"));
        QVERIFY(parser.parse("[1]"));
        QVERIFY(parser.errorString().isEmpty());
        QCOMPARE(parser.errorOffset(), qsizetype(-1));
    }
};

QTEST_GUILESS_MAIN(JsonParserTest)
#include "JsonParserTest.moc"
