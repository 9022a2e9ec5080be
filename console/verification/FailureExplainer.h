#pragma once

#include "common/receipts/ChainFailure.h"
#include "console/verification/ChainResult.h"

#include <QCoreApplication>
#include <QString>

namespace aegis::console {

// Chain failures in plain words: what the verifier found, what it means,
// and where. The kinds are the API's; the words are for a person who has
// never read RECEIPTS.md. Where is always ChainFailureLocation's text, so
// that the chain page, the backup checks and the PDF say it alike.
class FailureExplainer
{
    Q_DECLARE_TR_FUNCTIONS(FailureExplainer)

public:
    // "Edited receipt", "Dropped or reordered receipts", …
    static QString title(ChainFailure::Kind kind);
    // The tenant's failure's title ("Chain not verified" without one).
    static QString title(const ChainResult::Tenant &tenant);
    // Where, as a person reads it: "seq 41 of tenant acme (seq 40 is missing)".
    static QString position(const ChainResult::Tenant &tenant);
    // "Dropped or reordered receipts at seq 41 of tenant acme (…)".
    // "at seq 5 of tenant acme", but "after seq 7 of tenant acme" and "at the
    // end of the chain" for a chain cut short: never "at after".
    static QString atPosition(const ChainResult::Tenant &tenant);
    static QString headline(const ChainResult::Tenant &tenant);
    // Two or three sentences naming the receipt and what it means.
    static QString explanation(const ChainResult::Tenant &tenant);
    // Expected and actual values in full, for the details.
    static QString detail(const ChainFailure &failure);
    static QString emptyExplanation();
};

} // namespace aegis::console
