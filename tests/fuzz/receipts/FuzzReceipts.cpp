// Fuzz target of the receipt-list verifier (POST /v1/receipts/verify-chain,
// aegis-verify-receipts FILE.json). Whatever parses is verified as a slice,
// as full chains and against the heads the list itself reports: it never
// crashes, a refusal says why, and the verdicts hang together:
// - a report with a failure is not verified, and says so in "error";
// - a full-chain verdict is never kinder than the slice verdict;
// - a list that verifies as full chains also verifies against its own heads
//   (what a backup manifest written from it would record);
// - the streaming file verifier (aegis-verify-receipts FILE.json, with its
//   scanner that skips the JsonValue for receipts written canonically)
//   gives the very same answer as the list verifier on the parsed document,
//   and refuses exactly what the strict parser refuses, at the same byte.
#include "common/json/JsonParser.h"
#include "common/receipts/ChainFileVerifier.h"
#include "common/receipts/ChainListVerifier.h"

#include <QJsonDocument>

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

// The file verifier against the list verifier on the same bytes.
void sameAsFile(QByteArrayView bytes, const std::optional<ChainVerificationReport> &expected,
    const ChainListVerifier::Options &options)
{
    aegis::ChainFileVerifier::Error error;
    const auto actual = aegis::ChainFileVerifier::verifyBytes(bytes, options, &error);
    require(actual.has_value() == expected.has_value(), "the file verifier refuses what the list verifier refuses");
    if (actual) {
        require(QJsonDocument(actual->toJson()) == QJsonDocument(expected->toJson()),
            "the file verifier's report is the list verifier's");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    aegis::JsonParser parser;
    parser.setAllowByteOrderMark(true); // as the file verifier reads
    const auto input = parser.parse(bytes);
    if (!input) {
        aegis::ChainFileVerifier::Error error;
        require(!aegis::ChainFileVerifier::verifyBytes(bytes, {}, &error)
                && error.failure == aegis::ChainFileVerifier::Failure::InvalidJson && error.text == parser.errorString(),
            "the file verifier refuses invalid JSON as the parser does, at the same byte");
        return 0;
    }

    const auto slice = verify(*input, {});
    ChainListVerifier::Options full;
    full.fullChain = true;
    const auto chain = verify(*input, full);
    sameAsFile(bytes, slice, {});
    sameAsFile(bytes, chain, full);
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
        sameAsFile(bytes, headed, against);
    }
    return 0;
}
