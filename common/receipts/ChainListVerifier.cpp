#include "common/receipts/ChainListVerifier.h"

#include "common/receipts/ChainVerifier.h"
#include "common/receipts/ReceiptListShape.h"

#include <algorithm>
#include <map>
#include <vector>

namespace aegis {

std::optional<ChainVerificationReport> ChainListVerifier::verify(const JsonValue &input, QString *error)
{
    return verify(input, Options(), error);
}

std::optional<ChainVerificationReport> ChainListVerifier::verify(const JsonValue &input, const Options &options,
    QString *error)
{
    const auto shape = ReceiptListShape::of(input, options.fullChain, error);
    if (!shape)
        return std::nullopt;
    const QString &defaultTenant = shape->defaultTenant;
    const bool fullChain = shape->fullChain;
    const JsonValue *receipts = shape->receipts;

    const std::vector<JsonValue> &all = receipts->elements();
    std::map<QString, std::vector<size_t>> groups;
    for (size_t i = 0; i < all.size(); ++i)
        groups[ReceiptListShape::groupOf(all[i], defaultTenant)].push_back(i);

    ChainVerificationReport report;
    report.setEmptyMessage(QStringLiteral("no receipts given"));
    for (auto &[tenant, indexes] : groups) {
        const bool allSeq = std::all_of(indexes.begin(), indexes.end(),
            [&](size_t i) { return all[i].value("seq").toInt64().has_value(); });
        if (allSeq) {
            std::stable_sort(indexes.begin(), indexes.end(),
                [&](size_t a, size_t b) { return *all[a].value("seq").toInt64() < *all[b].value("seq").toInt64(); });
        }
        ChainVerifier verifier(tenant, groupOptions(tenant, fullChain, options));
        verifier.setReceiptCallback(options.onReceipt);
        for (size_t i : indexes)
            verifier.add(all[i]);
        verifier.finish();
        report.setTenant(tenant, verifier.result());
    }
    addMissingTenants(report, options);
    return report;
}

ChainVerifier::Options ChainListVerifier::groupOptions(const QString &tenant, bool fullChain, const Options &options)
{
    ChainVerifier::Options out;
    out.requireGenesis = fullChain || !options.expectedHeads.empty();
    if (const auto expected = options.expectedHeads.find(tenant); expected != options.expectedHeads.end())
        out.expectedHead = expected->second;
    return out;
}

void ChainListVerifier::addMissingTenants(ChainVerificationReport &report, const Options &options)
{
    // Every group of the input is in the report already.
    for (const auto &[tenant, expected] : options.expectedHeads) {
        if (report.tenants().count(tenant) || expected.count == 0)
            continue;
        ChainVerifier::Options chainOptions;
        chainOptions.requireGenesis = true;
        chainOptions.expectedHead = expected;
        ChainVerifier verifier(tenant, chainOptions);
        verifier.finish();
        report.setTenant(tenant, verifier.result());
    }
}

} // namespace aegis
