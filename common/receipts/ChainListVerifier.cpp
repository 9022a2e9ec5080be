#include "common/receipts/ChainListVerifier.h"

#include "common/json/CanonicalJson.h"
#include "common/receipts/ChainVerifier.h"

#include <algorithm>
#include <map>
#include <vector>

namespace aegis {

namespace {

bool setError(QString *error, const QString &text)
{
    if (error)
        *error = text;
    return false;
}

QString groupOf(const JsonValue &receipt, const QString &fallback)
{
    const JsonValue *tenant = receipt.find("tenant_id");
    if (!tenant || tenant->isNull())
        return fallback;
    if (tenant->isString())
        return tenant->toString();
    // Not a tenant id at all; its JSON text keeps such receipts together
    // and visibly apart from real tenants.
    const auto text = CanonicalJson::serialize(*tenant);
    return text ? QString::fromUtf8(*text) : QStringLiteral("(invalid tenant_id)");
}

} // namespace

std::optional<ChainVerificationReport> ChainListVerifier::verify(const JsonValue &input, QString *error)
{
    return verify(input, Options(), error);
}

std::optional<ChainVerificationReport> ChainListVerifier::verify(const JsonValue &input, const Options &options,
    QString *error)
{
    const JsonValue *receipts = &input;
    QString defaultTenant;
    bool fullChain = options.fullChain;
    if (input.isObject()) {
        receipts = input.find("receipts");
        if (!receipts || !receipts->isArray()) {
            setError(error, QStringLiteral("expected a JSON array of receipts or an object with a \"receipts\" array"));
            return std::nullopt;
        }
        if (const JsonValue *canon = input.find("canon_version")) {
            if (canon->stringUtf8() != "aegis-jcs-1" || !canon->isString()) {
                setError(error, QStringLiteral("unsupported canon_version (only \"aegis-jcs-1\" is known)"));
                return std::nullopt;
            }
            fullChain = true;
        }
        const JsonValue &tenant = input.value("tenant_id");
        if (!tenant.isNull() && !tenant.isString()) {
            setError(error, QStringLiteral("\"tenant_id\" must be a string"));
            return std::nullopt;
        }
        defaultTenant = tenant.toString();
    } else if (!input.isArray()) {
        setError(error, QStringLiteral("expected a JSON array of receipts or an object with a \"receipts\" array"));
        return std::nullopt;
    }

    const std::vector<JsonValue> &all = receipts->elements();
    std::map<QString, std::vector<size_t>> groups;
    for (size_t i = 0; i < all.size(); ++i)
        groups[groupOf(all[i], defaultTenant)].push_back(i);

    ChainVerificationReport report;
    report.setEmptyMessage(QStringLiteral("no receipts given"));
    for (auto &[tenant, indexes] : groups) {
        const bool allSeq = std::all_of(indexes.begin(), indexes.end(),
            [&](size_t i) { return all[i].value("seq").toInt64().has_value(); });
        if (allSeq) {
            std::stable_sort(indexes.begin(), indexes.end(),
                [&](size_t a, size_t b) { return *all[a].value("seq").toInt64() < *all[b].value("seq").toInt64(); });
        }
        ChainVerifier::Options chainOptions;
        chainOptions.requireGenesis = fullChain || !options.expectedHeads.empty();
        if (const auto expected = options.expectedHeads.find(tenant); expected != options.expectedHeads.end())
            chainOptions.expectedHead = expected->second;
        ChainVerifier verifier(tenant, chainOptions);
        verifier.setReceiptCallback(options.onReceipt);
        for (size_t i : indexes)
            verifier.add(all[i]);
        verifier.finish();
        report.setTenant(tenant, verifier.result());
    }
    for (const auto &[tenant, expected] : options.expectedHeads) {
        if (groups.count(tenant) || expected.count == 0)
            continue;
        ChainVerifier::Options chainOptions;
        chainOptions.requireGenesis = true;
        chainOptions.expectedHead = expected;
        ChainVerifier verifier(tenant, chainOptions);
        verifier.finish();
        report.setTenant(tenant, verifier.result());
    }
    return report;
}

} // namespace aegis
