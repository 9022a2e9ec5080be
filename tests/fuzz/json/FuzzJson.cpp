// Fuzz target for the JSON parser and the aegis-jcs-1 canonicalizer: any
// input must be refused cleanly (a reason and an offset within the input) or
// parse; whatever canonicalizes must parse again to the same canonical text
// (parse -> canonical -> parse -> canonical is a fixed point), and the
// canonical text must be refused or accepted alike with a byte order mark
// allowed (the file form aegis-verify-receipts reads).
#include "common/json/CanonicalJson.h"
#include "common/json/JsonParser.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

void require(bool condition, const char *property)
{
    if (!condition) {
        std::fprintf(stderr, "JSON property violated: %s\n", property);
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    aegis::JsonParser parser;
    const auto value = parser.parse(input);
    if (!value) {
        require(!parser.errorString().isEmpty(), "a refusal says why");
        require(parser.errorOffset() >= 0 && parser.errorOffset() <= qsizetype(size), "a refusal points into the input");
        return 0;
    }
    require(parser.errorString().isEmpty(), "no error after a successful parse");

    QString why;
    const auto first = aegis::CanonicalJson::serialize(*value, &why);
    if (!first) {
        require(!why.isEmpty(), "a value without canonical form says why");
        return 0;
    }
    const auto again = parser.parse(*first);
    if (!again)
        std::fprintf(stderr, "canonical text does not parse: %s\n", qPrintable(parser.errorString()));
    require(again.has_value(), "canonical text parses");
    require(again->type() == value->type(), "canonical text keeps the value's type");
    const auto second = aegis::CanonicalJson::serialize(*again);
    require(second && *second == *first, "canonical text is a fixed point");
    require(aegis::CanonicalJson::hash(*again) == aegis::CanonicalJson::hash(*value), "the hash survives a round trip");

    aegis::JsonParser withBom;
    withBom.setAllowByteOrderMark(true);
    const QByteArray marked = QByteArray("\xEF\xBB\xBF") + *first;
    const auto bom = withBom.parse(marked);
    require(bom && aegis::CanonicalJson::serialize(*bom) == first, "a byte order mark changes nothing in a file");
    return 0;
}
