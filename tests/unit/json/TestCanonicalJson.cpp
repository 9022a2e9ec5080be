// aegis-jcs-1 canonicalization, rule by rule. Every expectation is a literal
// checked by hand against the Python reference (RECEIPTS.md):
//   json.dumps(json.loads(input), sort_keys=True, separators=(",",":"),
//              ensure_ascii=False, allow_nan=False)
#include "common/json/CanonicalJson.h"
#include "common/json/JsonParser.h"
#include "tests/support/CodePointSamples.h"

#include <QtTest>

using namespace aegis;

class TestCanonicalJson : public QObject
{
    Q_OBJECT

private:
    static QByteArray canonical(const QByteArray &input)
    {
        QString error;
        const auto value = JsonParser::parseDocument(input, &error);
        if (!value)
            return "PARSE ERROR: " + error.toUtf8();
        const auto text = CanonicalJson::serialize(*value, &error);
        if (!text)
            return "REFUSED: " + error.toUtf8();
        return *text;
    }

private slots:
    void rules_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");

        // Keys by code point (= UTF-8 bytes), not by UTF-16 units.
        QTest::newRow("ascii keys") << QByteArray(R"({"b":1,"a":2,"aa":3,"A":4})")
                                    << QByteArray(R"({"A":4,"a":2,"aa":3,"b":1})");
        QTest::newRow("U+FFFF before U+1F600")
            << QByteArray(R"({"\uFFFF":1,"\uD83D\uDE00":2,"\u00e9":3})")
            << QByteArray("{\"\xc3\xa9\":3,\"\xef\xbf\xbf\":1,\"\xf0\x9f\x98\x80\":2}");
        QTest::newRow("U+E000 before U+1F600 (UTF-16 says after)")
            << QByteArray(R"({"\ud83d\ude00":1,"\uE000":2})")
            << QByteArray("{\"\xee\x80\x80\":2,\"\xf0\x9f\x98\x80\":1}");
        QTest::newRow("nested keys sorted at every depth")
            << QByteArray(R"({"z":[{"b":null,"a":[1,2.0,{"d":true,"c":false}]}],"y":{}, "x":[]})")
            << QByteArray(R"({"x":[],"y":{},"z":[{"a":[1,2.0,{"c":false,"d":true}],"b":null}]})");
        QTest::newRow("whitespace dropped") << QByteArray(" { \"a\" : [ 1 , 2 ] }\n") << QByteArray(R"({"a":[1,2]})");
        QTest::newRow("null kept") << QByteArray(R"({"a":null})") << QByteArray(R"({"a":null})");
        QTest::newRow("literals") << QByteArray("[true,false,null]") << QByteArray("[true,false,null]");
        QTest::newRow("duplicate key: last value wins") << QByteArray(R"({"a":1,"b":2,"a":3})")
                                                        << QByteArray(R"({"a":3,"b":2})");

        // Strings.
        // (Plain literals: moc 6.4 loses its way in raw strings holding \".)
        QTest::newRow("short escapes, solidus unescaped")
            << QByteArray("\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"") << QByteArray("\"\\\"\\\\/\\b\\f\\n\\r\\t\"");
        QTest::newRow("other C0 controls as lowercase \\u00xx, DEL raw")
            << QByteArray(R"("\u0000\u0001\u001F\u000b\u007f")") << QByteArray("\"\\u0000\\u0001\\u001f\\u000b\x7f\"");
        QTest::newRow("U+2028 and U+2029 raw") << QByteArray(R"("\u2028\u2029")")
                                               << QByteArray("\"\xe2\x80\xa8\xe2\x80\xa9\"");
        QTest::newRow("non-ASCII raw UTF-8")
            << QByteArray(R"("\u00fc\u6771\ud83d\ude00")") << QByteArray("\"\xc3\xbc\xe6\x9d\xb1\xf0\x9f\x98\x80\"");
        QTest::newRow("raw UTF-8 stays") << QByteArray("\"Restore drill \xe2\x80\x94 Z\xc3\xbcrich\"")
                                         << QByteArray("\"Restore drill \xe2\x80\x94 Z\xc3\xbcrich\"");

        // Integers: exact at any size.
        QTest::newRow("2^53+1") << QByteArray("9007199254740993") << QByteArray("9007199254740993");
        QTest::newRow("30 digits") << QByteArray("123456789012345678901234567890")
                                   << QByteArray("123456789012345678901234567890");
        QTest::newRow("negative 30 digits") << QByteArray("-123456789012345678901234567890")
                                            << QByteArray("-123456789012345678901234567890");
        QTest::newRow("-0 is the integer 0") << QByteArray("-0") << QByteArray("0");
        QTest::newRow("zero") << QByteArray("0") << QByteArray("0");

        // Floats: Python repr.
        QTest::newRow("1.0") << QByteArray("1.0") << QByteArray("1.0");
        QTest::newRow("-0.0") << QByteArray("-0.0") << QByteArray("-0.0");
        QTest::newRow("100.0") << QByteArray("100.0") << QByteArray("100.0");
        QTest::newRow("1E2 has an exponent: a float") << QByteArray("1E2") << QByteArray("100.0");
        QTest::newRow("1e+2") << QByteArray("1e+2") << QByteArray("100.0");
        QTest::newRow("1e16") << QByteArray("1e16") << QByteArray("1e+16");
        QTest::newRow("1e15 still positional") << QByteArray("1e15") << QByteArray("1000000000000000.0");
        QTest::newRow("9999999999999998.0") << QByteArray("9999999999999998.0") << QByteArray("9999999999999998.0");
        QTest::newRow("9.999999999999999e15 rounds to 1e16") << QByteArray("9.999999999999999e15")
                                                             << QByteArray("1e+16");
        QTest::newRow("1e22") << QByteArray("1e22") << QByteArray("1e+22");
        QTest::newRow("1e-5") << QByteArray("1e-5") << QByteArray("1e-05");
        QTest::newRow("0.0001") << QByteArray("0.0001") << QByteArray("0.0001");
        QTest::newRow("1.0e-4") << QByteArray("1.0e-4") << QByteArray("0.0001");
        QTest::newRow("0.000123") << QByteArray("0.000123") << QByteArray("0.000123");
        QTest::newRow("0.00001234") << QByteArray("0.00001234") << QByteArray("1.234e-05");
        QTest::newRow("1e-7") << QByteArray("1e-7") << QByteArray("1e-07");
        QTest::newRow("123456789012345678.0") << QByteArray("123456789012345678.0")
                                              << QByteArray("1.2345678901234568e+17");
        QTest::newRow("0.1") << QByteArray("0.1") << QByteArray("0.1");
        QTest::newRow("2.5") << QByteArray("2.5") << QByteArray("2.5");
        QTest::newRow("123.456e-2") << QByteArray("123.456e-2") << QByteArray("1.23456");
        QTest::newRow("too many digits: shortest round trip") << QByteArray("1.23456789012345678")
                                                              << QByteArray("1.2345678901234567");
        QTest::newRow("1.5e300") << QByteArray("1.5e300") << QByteArray("1.5e+300");
        QTest::newRow("-1.5e-10") << QByteArray("-1.5e-10") << QByteArray("-1.5e-10");
        QTest::newRow("5e-324 (smallest subnormal)") << QByteArray("5e-324") << QByteArray("5e-324");
        QTest::newRow("largest double") << QByteArray("1.7976931348623157e308")
                                        << QByteArray("1.7976931348623157e+308");
        QTest::newRow("10.0e0") << QByteArray("10.0e0") << QByteArray("10.0");
        QTest::newRow("0.1e1") << QByteArray("0.1e1") << QByteArray("1.0");
        QTest::newRow("0E0") << QByteArray("0E0") << QByteArray("0.0");
        QTest::newRow("-0e-5") << QByteArray("-0e-5") << QByteArray("-0.0");
        QTest::newRow("underflow reads as 0.0") << QByteArray("1e-400") << QByteArray("0.0");
        QTest::newRow("negative underflow reads as -0.0") << QByteArray("-1e-400") << QByteArray("-0.0");
        QTest::newRow("float inside an object") << QByteArray(R"({"cost":1.0,"n":1})")
                                                << QByteArray(R"({"cost":1.0,"n":1})");

        // Refused like allow_nan=False refuses Python's inf.
        QTest::newRow("1e400 refused") << QByteArray("1e400") << QByteArray("REFUSED");
        QTest::newRow("-1e400 refused") << QByteArray("-1e400") << QByteArray("REFUSED");
        QTest::newRow("huge exponent refused") << QByteArray("[1e99999999999999999999]") << QByteArray("REFUSED");
    }

    void rules()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        const QByteArray actual = canonical(input);
        if (expected == "REFUSED")
            QVERIFY2(actual.startsWith("REFUSED: "), actual.constData());
        else
            QCOMPARE(actual, expected);
    }

    void refusalNamesTheReason()
    {
        const QByteArray actual = canonical(R"({"amount":1e400})");
        QVERIFY2(actual.contains("beyond the range of a double"), actual.constData());
    }

    void builtValuesFollowTheSameRules()
    {
        JsonValue object = JsonValue::object();
        object.insert("b", JsonValue::fromDouble(100.0));
        object.insert("a", JsonValue::fromInteger(-9007199254740993LL));
        object.insert("c", JsonValue(QStringLiteral("line\nbreak")));
        object.insert("d", JsonValue());
        JsonValue list = JsonValue::array();
        list.append(JsonValue(true));
        list.append(JsonValue::fromDouble(1e16));
        list.append(JsonValue::fromDouble(-0.0));
        object.insert("e", list);
        const auto text = CanonicalJson::serialize(object);
        QVERIFY(text);
        QCOMPARE(*text, QByteArray(R"({"a":-9007199254740993,"b":100.0,"c":"line\nbreak","d":null,"e":[true,1e+16,-0.0]})"));
    }

    void loneSurrogateFromQStringIsRefused()
    {
        // Python cannot encode a lone surrogate to UTF-8 either; a silent
        // U+FFFD would hash something the caller never sent.
        const QString lone = QStringLiteral("a") + QChar(char16_t(0xD800)) + QStringLiteral("b");
        QString error;
        QVERIFY(!CanonicalJson::serialize(JsonValue(lone), &error));
        QVERIFY2(error.contains(QStringLiteral("UTF-8")), qPrintable(error));
        // A valid pair is fine.
        const QString pair = QString::fromUtf8("\xf0\x9f\x98\x80");
        QCOMPARE(*CanonicalJson::serialize(JsonValue(pair)), QByteArray("\"\xf0\x9f\x98\x80\""));
    }

    void invalidUtf8BytesAreRefused()
    {
        QString error;
        QVERIFY(!CanonicalJson::serialize(JsonValue::fromUtf8("\xff"), &error));
        QVERIFY(!CanonicalJson::serialize(JsonValue::fromUtf8("\xed\xa0\x80"), &error)); // encoded surrogate
        QVERIFY(!CanonicalJson::serialize(JsonValue::fromUtf8("\xc0\xaf"), &error));     // overlong '/'
    }

    void keysAreCanonicalizedToo()
    {
        JsonValue object = JsonValue::object();
        object.insert("tab\tkey", JsonValue::fromInteger(1));
        QCOMPARE(*CanonicalJson::serialize(object), QByteArray(R"({"tab\tkey":1})"));
    }

    void sha256Hex()
    {
        QCOMPARE(CanonicalJson::sha256Hex(QByteArray()),
            QStringLiteral("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
        QCOMPARE(CanonicalJson::sha256Hex("{}"),
            QStringLiteral("44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"));
    }

    void specActionExampleCanonicalText()
    {
        const QByteArray input = "{\"tool\":\"jira\",\"action\":\"create_issue\",\"resource\":null,\"mutates_state\":true,"
                                 "\"parameters\":{\"project\":\"OPS\",\"labels\":[\"dr\",\"drill\"],\"priority\":2,"
                                 "\"title\":\"Restore drill \xe2\x80\x94 Z\xc3\xbcrich\"}}";
        QCOMPARE(canonical(input),
            QByteArray("{\"action\":\"create_issue\",\"mutates_state\":true,\"parameters\":{\"labels\":[\"dr\",\"drill\"],"
                       "\"priority\":2,\"project\":\"OPS\",\"title\":\"Restore drill \xe2\x80\x94 Z\xc3\xbcrich\"},"
                       "\"resource\":null,\"tool\":\"jira\"}"));
    }

    // Every class of scalar value, noncharacters (U+FFFE, U+FFFF, U+xxFFFF,
    // U+FDD0..U+FDEF) included, parses from a \u escape or raw UTF-8 and
    // comes out as Python writes it: raw UTF-8, controls escaped. As a
    // value and as a key; and a QString holding it gives the same bytes.
    void everyScalarValueRoundTrips()
    {
        for (const char32_t c : aegis::test::CodePointSamples::all()) {
            const QString text = aegis::test::CodePointSamples::text({c});
            QByteArray expected;
            switch (c) {
            case U'"': expected = "\\\""; break;
            case U'\\': expected = "\\\\"; break;
            case U'\b': expected = "\\b"; break;
            case U'\t': expected = "\\t"; break;
            case U'\n': expected = "\\n"; break;
            case U'\f': expected = "\\f"; break;
            case U'\r': expected = "\\r"; break;
            default:
                expected = c < 0x20 ? "\\u00" + QByteArray::number(uint(c), 16).rightJustified(2, '0') : text.toUtf8();
            }
            expected = "\"" + expected + "\"";
            const QByteArray escaped = aegis::test::CodePointSamples::escapedJsonString(text);
            const QByteArray name = "U+" + QByteArray::number(uint(c), 16);
            QVERIFY2(canonical(escaped) == expected, name.constData());
            QVERIFY2(canonical(expected) == expected, name.constData());
            QVERIFY2(canonical("{" + escaped + ":" + expected + "}") == "{" + expected + ":" + expected + "}", name.constData());
            QVERIFY2(JsonValue(text).stringUtf8() == text.toUtf8(), name.constData());
            QVERIFY2(CanonicalJson::serialize(JsonValue(text)) == expected, name.constData());
        }
    }

    void deepButAllowedNestingSerializes()
    {
        const QByteArray input = QByteArray(500, '[') + QByteArray(500, ']');
        QCOMPARE(canonical(input), input);
    }
};

QTEST_GUILESS_MAIN(TestCanonicalJson)
#include "TestCanonicalJson.moc"
