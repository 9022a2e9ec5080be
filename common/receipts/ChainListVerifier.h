#pragma once

#include "common/json/JsonValue.h"
#include "common/receipts/ChainVerificationReport.h"
#include "common/receipts/ChainVerifier.h"
#include "common/receipts/ExpectedHead.h"
#include "common/receipts/ReceiptCheck.h"

#include <QString>

#include <optional>

namespace aegis {

// Verifies receipts given as JSON (POST /v1/receipts/verify-chain,
// aegis-verify-receipts FILE.json), by RECEIPTS.md "Verifying a list".
//
// Input: an array of receipts, or an object with a "receipts" array. An
// object's "tenant_id" names the tenant of receipts that carry none (the
// export form). Receipts are grouped by tenant_id ("" when there is none at
// all) and each group is ordered by seq when every one of its receipts has
// an integer seq, so that a newest-first page verifies as it is.
//
// A group is a slice (first link taken as given) unless its first receipt
// has seq 1, the caller asks for full chains, or the input is an export
// (an object with "canon_version"): an export is by definition a tenant's
// whole chain, so a missing first receipt must not pass as a slice.
class ChainListVerifier
{
public:
    struct Options
    {
        bool fullChain = false;
        ReceiptCallback onReceipt; // every receipt, tenant by tenant in id order
        // From a manifest: adds truncated and diverged, and makes every
        // group a full chain (a slice cannot be compared with a head). A
        // tenant expected but absent from the list is truncated.
        ExpectedHeads expectedHeads;
    };

    // nullopt, with the reason in *error, when the input has the wrong shape
    // (the caller's 400 or exit 2); a verdict otherwise.
    static std::optional<ChainVerificationReport> verify(const JsonValue &input, const Options &options,
        QString *error = nullptr);
    static std::optional<ChainVerificationReport> verify(const JsonValue &input, QString *error = nullptr);

    // The pieces ChainFileVerifier shares: how one group is verified, and
    // the tenants a manifest expects that the input lacks (truncated).
    static ChainVerifier::Options groupOptions(const QString &tenant, bool fullChain, const Options &options);
    static void addMissingTenants(ChainVerificationReport &report, const Options &options);
};

} // namespace aegis
