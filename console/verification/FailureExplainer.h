#pragma once

#include "console/verification/ChainResult.h"

#include <QCoreApplication>
#include <QString>

namespace aegis::console {

// Chain failures in plain words: what the verifier found, what it means,
// and where. The kinds are the API's; the words are for a person who has
// never read RECEIPTS.md.
class FailureExplainer
{
    Q_DECLARE_TR_FUNCTIONS(FailureExplainer)

public:
    // "Edited receipt", "Dropped or reordered receipts", …
    static QString title(const QString &kind);
    // Two or three sentences naming the receipt and what it means.
    static QString explanation(const ChainResult::Failure &failure, const QString &tenantId);
    // Expected and actual values, for the details.
    static QString detail(const ChainResult::Failure &failure);
    // Where, as a person reads it: "receipt #3 (index 2, seq 3)".
    static QString position(const ChainResult::Failure &failure);
    static QString emptyExplanation();
};

} // namespace aegis::console
