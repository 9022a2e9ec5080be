// Fuzz target of the receipt-list verifier (POST /v1/receipts/verify-chain,
// aegis-verify-receipts FILE.json). Whatever parses is verified as a slice,
// as full chains and against the heads the list itself reports: it never
// crashes, a refusal says why, and the verdicts hang together:
// - a report with a failure is not verified, and says so in "error";
// - a full-chain verdict is never kinder than the slice verdict;
// - a list that verifies as full chains also verifies against its own heads
//   (what a backup manifest written from it would record).
#include "common/json/JsonParser.h"
#include "common/receipts/ChainListVerifier.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

using aegis::ChainListVerifier;
using aegis::ChainVerificationReport;

void require(bool condition, const char *property)
{
    if (!condition) {
        std::fprintf(stderr, "receipt-list verifier property violated: %s\n", property);
        std::abort();
    }
}

std::optional<ChainVerificationReport> verify(const aegis::JsonValue &input, const ChainListVerifier::Options &options)
{
    QString error;
    qint64 seen = 0;
    ChainListVerifier::Options counting = options;
    counting.onReceipt = [&seen](const aegis::ReceiptCheck &) { ++seen; };
    auto report = ChainListVerifier::verify(input, counting, &error);
    if (!report) {
        require(!error.isEmpty(), "a refused list says why");
        return report;
    }
    require(report->verified() == !report->firstFailure().has_value(), "verified means no failure");
    require(report->verified() || !report->errorText().isEmpty(), "a failure is named in error");
    require(report->count() == seen, "every receipt read is reported to the caller once");
    report->toJson(); // the API's answer can always be made
    return report;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const auto input = aegis::JsonParser::parseDocument(QByteArrayView(reinterpret_cast<const char *>(data), qsizetype(size)));
    if (!input)
        return 0;

    const auto slice = verify(*input, {});
    ChainListVerifier::Options full;
    full.fullChain = true;
    const auto chain = verify(*input, full);
    require(slice.has_value() == chain.has_value(), "the shape check does not depend on the options");
    if (!chain)
        return 0;
    require(!chain->verified() || slice->verified(), "a full chain that verifies also verifies as a slice");
    require(chain->count() == slice->count(), "both read every receipt");

    if (chain->verified() && !chain->isEmpty()) {
        ChainListVerifier::Options against;
        against.expectedHeads = chain->heads();
        const auto headed = verify(*input, against);
        require(headed && headed->verified(), "a verified list verifies against its own heads");
    }
    return 0;
}
