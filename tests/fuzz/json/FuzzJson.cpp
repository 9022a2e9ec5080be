// Fuzz target for the JSON parser and the aegis-jcs-1 canonicalizer: any
// input must be refused cleanly or parse; whatever canonicalizes must parse
// again to the same canonical text (serialize is a fixed point).
#include "common/json/CanonicalJson.h"
#include "common/json/JsonParser.h"
#include "common/receipts/ChainListVerifier.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView input(reinterpret_cast<const char *>(data), qsizetype(size));
    aegis::JsonParser parser;
    const auto value = parser.parse(input);
    if (!value) {
        if (parser.errorString().isEmpty() || parser.errorOffset() < 0 || parser.errorOffset() > qsizetype(size))
            std::abort();
        return 0;
    }
    const auto first = aegis::CanonicalJson::serialize(*value);
    // Whatever parses can be fed to the list verifier: it never crashes.
    aegis::ChainListVerifier::verify(*value);
    if (!first)
        return 0;
    const auto again = parser.parse(*first);
    if (!again) {
        std::fprintf(stderr, "canonical text does not parse: %s\n", qPrintable(parser.errorString()));
        std::abort();
    }
    const auto second = aegis::CanonicalJson::serialize(*again);
    if (!second || *second != *first) {
        std::fprintf(stderr, "canonical text is not stable\n");
        std::abort();
    }
    return 0;
}
