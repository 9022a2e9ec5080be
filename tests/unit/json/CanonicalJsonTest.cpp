// aegis-jcs-1 canonicalization, rule by rule. The rule vectors are made by
// the Python reference (RECEIPTS.md) in tests/data/json/
// make_canonical_vectors.py, which is where to add one:
//   json.dumps(json.loads(input), sort_keys=True, separators=(",",":"),
//              ensure_ascii=False, allow_nan=False)
#include "common/json/CanonicalJson.h"
#include "common/json/CanonicalString.h"
#include "common/json/JsonParser.h"
#include "tests/support/CodePointSamples.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

using namespace aegis;

class CanonicalJsonTest : public QObject
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
    // The string writer skips plain bytes 16 and 8 at a time: a byte that
    // must be escaped (or checked as UTF-8) is found at every position of a
    // word and in every tail, exactly as a byte-by-byte writer finds it.
    void everyPositionOfAWordIsLookedAt()
    {
        const QByteArrayList specials{"\"", "\\", "\n", QByteArray(1, '\0'), "\x1f", "\xc3\xa9", "\xff"};
        for (const QByteArray &special : specials) {
            for (int length = 0; length <= 40; ++length) {
                for (int at = 0; at <= length; ++at) {
                    QByteArray text(length, 'a');
                    text.insert(at, special);
                    // Byte by byte: what aegis-jcs-1 says each byte becomes.
                    QByteArray expected = "\"";
                    bool valid = true;
                    for (qsizetype i = 0; i < text.size(); ++i) {
                        const auto c = static_cast<unsigned char>(text[i]);
                        if (c == '"')
                            expected += "\\\"";
                        else if (c == '\\')
                            expected += "\\\\";
                        else if (c == '\n')
                            expected += "\\n";
                        else if (c < 0x20)
                            expected += QByteArray("\\u00") + QByteArray::number(c, 16).rightJustified(2, '0');
                        else if (c == 0xff)
                            valid = false;
                        else
                            expected += char(c);
                    }
                    expected += '"';
                    std::string out;
                    const bool written = appendCanonicalString(out, text.constData(), text.size());
                    QCOMPARE(written, valid);
                    if (valid)
                        QCOMPARE(QByteArray::fromStdString(out), expected);
                }
            }
        }
    }

    void rules_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");

        QFile file(QStringLiteral(AEGIS_SOURCE_DIR "/tests/data/json/canonical-vectors.json"));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.errorString()));
        QJsonParseError error;
        const QJsonDocument vectors = QJsonDocument::fromJson(file.readAll(), &error);
        QVERIFY2(vectors.isArray(), qPrintable(error.errorString()));
        QVERIFY(vectors.array().size() >= 50);
        for (const QJsonValue &vector : vectors.array()) {
            const QJsonObject row = vector.toObject();
            QTest::newRow(qPrintable(row.value(QStringLiteral("name")).toString()))
                << row.value(QStringLiteral("input")).toString().toUtf8()
                << row.value(QStringLiteral("expected")).toString().toUtf8();
        }
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

QTEST_GUILESS_MAIN(CanonicalJsonTest)
#include "CanonicalJsonTest.moc"
